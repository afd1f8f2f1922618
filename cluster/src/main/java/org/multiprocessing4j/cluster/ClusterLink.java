package org.multiprocessing4j.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.ExecutionCallback;
import com.hazelcast.core.IExecutorService;
import java.io.EOFException;
import java.io.IOException;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.logging.Level;
import org.multiprocessing4j.AuthenticationException;
import org.multiprocessing4j.Multiprocessing;
import org.multiprocessing4j.pool.WorkerLink;
import org.multiprocessing4j.serialize.ByteWriter;

/**
 * The pool's end of one worker on a member: messages go as {@link SlotCall}s to that member's
 * pool executor, one in flight at a time so that the slot sees them in order (what the pool sends
 * meanwhile is joined into the next call: messages are record sequences); each call's reply is
 * the worker's next message. The channel ends (end-of-file) when the slot ends, when a call fails
 * (the member left, or cannot be reached), or when a reply is not sealed with the cluster's key.
 *
 * <p>Thread-safe: sends from the pool's threads, replies from Hazelcast's callback threads.
 */
final class ClusterLink implements WorkerLink, ExecutionCallback<byte[]> {

    private static final byte[] END = new byte[0];

    private final ClusterSite site;
    private final String name;
    private final Member member;
    private final ClusterContext context;
    private final IExecutorService executor;
    private final UUID owner;
    private final String slotId = UUID.randomUUID().toString();
    private final LinkedBlockingQueue<byte[]> inbox = new LinkedBlockingQueue<>();
    private final ByteWriter outgoing = new ByteWriter(1024);   // guarded by this
    private byte[] setup;                                          // guarded by this; sent with the first call only
    private boolean inFlight;                                      // guarded by this
    private boolean ended;                                         // guarded by this

    ClusterLink(ClusterSite site, String name, Member member, ClusterContext context, IExecutorService executor,
                UUID owner, byte[] setup) {
        this.site = site;
        this.name = name;
        this.member = member;
        this.context = context;
        this.executor = executor;
        this.owner = owner;
        this.setup = setup;
    }

    @Override
    public String name() {
        return name + " on member " + member.getAddress();
    }

    @Override
    public long pid() {
        String pid = member.getAttribute(HazelcastConfigs.PID_ATTRIBUTE);
        return pid == null ? -1 : Long.parseLong(pid);
    }

    @Override
    public synchronized void send(byte[] message, int offset, int length) {
        if (ended) return;         // the reader has seen, or will see, end-of-file
        outgoing.putRaw(message, offset, length);
        if (!inFlight) dispatch();
    }

    /** Under the monitor: sends what is outgoing as one call. */
    private void dispatch() {
        byte[] sealed = context.sealer.seal(outgoing.toByteArray());
        outgoing.reset();
        SlotCall call = new SlotCall(SlotCall.RUN, slotId, owner, setup, sealed);
        setup = null;
        inFlight = true;
        try {
            executor.submitToMember(call, member, this);
        } catch (RuntimeException e) {     // the client is shut down, say
            end(e);
        }
    }

    @Override
    public void onResponse(byte[] sealedReply) {
        byte[] reply;
        try {
            reply = context.sealer.open(sealedReply, "a pool worker's reply from member " + member.getAddress());
        } catch (IOException e) {
            end(e);
            return;
        }
        if (reply.length > 1) inbox.add(java.util.Arrays.copyOfRange(reply, 1, reply.length));
        if (reply[0] != 0) {
            end(null);
            return;
        }
        synchronized (this) {
            inFlight = false;
            if (!ended && outgoing.size() > 0) dispatch();
        }
    }

    @Override
    public void onFailure(Throwable t) {
        end(t);
    }

    /** Ends the channel: the reader gets end-of-file after what was received. */
    private void end(Throwable cause) {
        synchronized (this) {
            if (ended) return;
            ended = true;
        }
        ended(cause);
    }

    /** Once {@code ended} was set (by this thread): tells the site and the reader. */
    private void ended(Throwable cause) {
        if (cause != null) {
            // A member with another key is a configuration error to tell, not a lost member to retry quietly.
            boolean keyMismatch = causedBy(cause, AuthenticationException.class);
            Multiprocessing.getLogger().log(keyMismatch ? Level.WARNING : Level.FINE, "pool worker " + name() + " lost"
                    + (keyMismatch ? ": the member and this program do not have the same cluster key" : ""), cause);
        }
        site.ended(member, cause != null);
        inbox.add(END);
    }

    private static boolean causedBy(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c)) return true;
        }
        return false;
    }

    @Override
    public byte[] receive() throws IOException {
        byte[] message;
        try {
            message = inbox.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while waiting for " + name());
        }
        if (message == END) {
            inbox.add(END);      // every later receive sees the end too
            throw new EOFException(name() + " ended");
        }
        return message;
    }

    @Override
    public void closeChannel() {
        end(null);
    }

    @Override
    public void terminate() {
        kill();
    }

    /**
     * Ends the channel and drops the slot on its member (interrupting its task) if a message was
     * sent to make it: ending first, so that no first message can follow the drop unseen.
     */
    @Override
    public void kill() {
        boolean slotMade;
        synchronized (this) {
            if (ended) return;
            ended = true;
            slotMade = setup == null;
        }
        if (slotMade) {
            try {
                executor.submitToMember(new SlotCall(SlotCall.DROP, slotId, owner, null, new byte[0]), member);
            } catch (RuntimeException e) {
                // the member or the client is gone: nothing left to drop
            }
        }
        ended(null);
    }

    @Override
    public Integer awaitExit() {
        return null;    // a slot is not a process: it has no exit code
    }
}
