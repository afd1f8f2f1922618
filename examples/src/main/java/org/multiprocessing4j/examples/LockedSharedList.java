package org.multiprocessing4j.examples;

import java.util.List;
import org.multiprocessing4j.Lock;
import org.multiprocessing4j.Manager;
import org.multiprocessing4j.Process;

/**
 * Seed 002 ({@code 002_7651477ed023e2d0.txt}), "Synchronization Mechanisms": a child takes a
 * {@link Lock}, appends to a list a {@link Manager} serves, and releases the lock; the parent then
 * prints the list with the new item. Python's {@code multiprocessing.Manager().list()} is
 * {@code manager.list()} inside a try-with-resources that shuts the manager's server down; the
 * list prints as Java prints lists ({@code [New item]}, Python's repr is {@code ['New item']}).
 */
public final class LockedSharedList {

    private LockedSharedList() {
    }

    static void worker(Lock lock, List<String> sharedList) throws InterruptedException {
        lock.acquire();
        sharedList.add("New item");
        lock.release();
    }

    public static void main(String[] args) throws Exception {
        Lock lock = new Lock();
        try (Manager manager = Manager.start()) {
            List<String> sharedList = manager.list();
            Process process = new Process(() -> worker(lock, sharedList));
            process.start();
            process.join();
            System.out.println("Shared List: " + sharedList);
        }
    }
}
