package org.multiprocessing4j.examples;

import org.multiprocessing4j.Connection;
import org.multiprocessing4j.Pipe;
import org.multiprocessing4j.Process;

/**
 * Seed 000 ({@code 000_34581c68504a0ba6.txt}), "Inter-Process Communication (IPC)", 2. Pipe: one
 * child sends a message through a pipe, another child receives and prints it. Python's
 * {@code args=(child_conn,)} becomes a lambda capturing the connection, which travels to the child.
 */
public final class PipeSenderReceiver {

    private PipeSenderReceiver() {
    }

    static void sender(Connection conn) throws Exception {
        conn.send("Hello from sender");
        conn.close();
    }

    static void receiver(Connection conn) throws Exception {
        String msg = conn.recv();
        System.out.println("Received: " + msg);
    }

    public static void main(String[] args) throws Exception {
        // Create a pipe
        Pipe pipe = Pipe.open();
        Connection parentConn = pipe.left(), childConn = pipe.right();

        // Create and start sender and receiver processes
        Process senderProcess = new Process(() -> sender(childConn));
        Process receiverProcess = new Process(() -> receiver(parentConn));
        senderProcess.start();
        receiverProcess.start();

        // Wait for the processes to finish
        senderProcess.join();
        receiverProcess.join();
    }
}
