package org.multiprocessing4j.pool;


/**
 * The byte layout of the messages between a pool and its workers: big-endian integers and
 * length-prefixed byte strings, written into a growable buffer that one sender reuses.
 *
 * <pre>
 * pool → worker   TASK    byte 1 | long seq | long functionId
 *                                | either int -1 (the worker has the function cached)
 *                                  or int functionLength | function bytes | byte keep (1: cache it)
 *                                | int arity | int itemCount | int itemsLength
 *                                | itemCount × arity × (int length | bytes)
 *                 STOP    byte 2
 * worker → pool   RESULT  byte 1 | long seq | long workNanos | int count | count × (int length | bytes)
 *                 ERROR   byte 2 | long seq | long workNanos | error (see {@link org.multiprocessing4j.serialize.ExceptionForm})
 *                 BROKEN  byte 3 | long 0   | long 0        | error of the initializer
 *                 READY   byte 4 | long 0   | long 0        (the initializer and state factory are done)
 * </pre>
 *
 * <p>A message holds one or more records back to back: a sender under load batches what it has
 * ready into one message (one wake-up of the receiver instead of one per record). Every record
 * can be skipped without being understood: a TASK's items have a length, so a worker that fails
 * a chunk half-way still finds the next record.
 *
 * <p>Not thread-safe: one writer or reader per thread.
 */
final class Wire {

    static final byte TASK = 1, STOP = 2;
    static final byte RESULT = 1, ERROR = 2, BROKEN = 3, READY = 4;

    private Wire() {
    }
}
