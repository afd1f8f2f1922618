package org.multiprocessing4j.managers;

/**
 * The byte layout of the messages between manager clients and a server (written with
 * {@link org.multiprocessing4j.serialize.ByteWriter}, big-endian, strings and values as
 * length-prefixed byte strings). A connection carries one request, then its reply, at a time.
 *
 * <pre>
 * client → server  byte op | int n | n × long id (references the client dropped since its last request)
 *   HELLO     op 1 | long session | byte pipe   first message on a connection, after authentication;
 *                                      pipe 1: the next message is one end of a two-way shared-memory
 *                                      pipe (a serialized Connection), and everything after goes
 *                                      through it, the reply to HELLO included (Unix-domain servers:
 *                                      client and server share the machine, so its memory)
 *   CALL      op 2 | long id | string signature | int argc | argc × value
 *   CREATE    op 3 | string typeid | int argc | argc × value          (the reply's value is a Token)
 *   INCREF    op 4 | long id                a proxy arrived here from elsewhere
 *   RELEASE   op 5                          nothing but the dropped references
 *   SHUTDOWN  op 6
 *   CANCEL    op 7 (no reply)               the caller of the running call was interrupted: the
 *                                           server interrupts it, and the call replies as it ends
 * server → client
 *   OK        byte 1 | value                (HELLO's: the server's own address, as its tokens name it)
 *   ERROR     byte 2 | error (see {@link org.multiprocessing4j.serialize.ExceptionForm})
 * </pre>
 *
 * <p>Every object a process holds a proxy of is referenced in the name of that process's session
 * (one per client process and server); a session's references are dropped when its last
 * connection closes, so a client that dies releases what it held.
 */
final class Protocol {

    static final byte HELLO = 1, CALL = 2, CREATE = 3, INCREF = 4, RELEASE = 5, SHUTDOWN = 6, CANCEL = 7;
    static final byte OK = 1, ERROR = 2;

    private Protocol() {
    }
}
