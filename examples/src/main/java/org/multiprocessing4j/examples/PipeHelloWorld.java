package org.multiprocessing4j.examples;

import java.util.List;
import org.multiprocessing4j.Connection;
import org.multiprocessing4j.Pipe;
import org.multiprocessing4j.Process;

/**
 * Seed 004 ({@code 004_0c5296518281c76a.txt}), "Communication Between Processes", Pipes: a child
 * sends a list through the pipe and the parent prints what it receives. Python prints the list
 * as {@code ['hello world']}; Java's {@code List.toString()} gives {@code [hello world]}.
 */
public final class PipeHelloWorld {

    private PipeHelloWorld() {
    }

    static void f(Connection conn) throws Exception {
        conn.send(List.of("hello world"));
        conn.close();
    }

    public static void main(String[] args) throws Exception {
        Pipe pipe = Pipe.open();
        Connection parentConn = pipe.left(), childConn = pipe.right();
        Process p = new Process(() -> f(childConn));
        p.start();
        List<String> received = parentConn.recv();
        System.out.println(received);
        p.join();
    }
}
