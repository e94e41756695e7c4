package dev.undertide.server;

import java.io.IOException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.xnio.XnioExecutor;
import org.xnio.XnioIoThread;

/**
 * The clock of a read or a write timeout on one exchange's conduit: it runs only while the reader or writer
 * waits for the client, starts again at every byte that moves, and gives the connection up once the client
 * has moved nothing for the timeout. A non-blocking wait is timed on the I/O thread, a blocking one by the
 * thread that waits.
 */
final class NoProgressClock {

	private final XnioIoThread ioThread;

	private final long timeoutNanos;

	private final Runnable giveUp;

	private final Runnable expired;

	/** When bytes last moved, or when the current non-blocking wait began. */
	private volatile long lastProgress = System.nanoTime();

	/** Time spent in blocking waits since bytes last moved; only the waiting thread uses it. */
	private long awaitedNanos;

	/** Guarded by this. */
	private XnioExecutor.@Nullable Key timer;

	/** Guarded by this: whether a non-blocking reader or writer waits for the client. */
	private boolean waiting;

	/**
	 * @param giveUp closes the connection and counts the timeout, once
	 * @param expired what a non-blocking wait that ran out does; gives up, and may wake the waiter
	 */
	NoProgressClock(XnioIoThread ioThread, long timeoutNanos, Runnable giveUp, Runnable expired) {
		this.ioThread = ioThread;
		this.timeoutNanos = timeoutNanos;
		this.giveUp = giveUp;
		this.expired = expired;
	}

	/** Bytes moved. */
	void progress() {
		this.lastProgress = System.nanoTime();
		this.awaitedNanos = 0;
	}

	/** A non-blocking reader or writer begins to wait for the client. */
	synchronized void startWaiting() {
		if (!this.waiting) {
			this.waiting = true;
			this.lastProgress = System.nanoTime();
			schedule(this.timeoutNanos);
		}
	}

	synchronized void stopWaiting() {
		this.waiting = false;
		if (this.timer != null) {
			this.timer.remove();
			this.timer = null;
		}
	}

	/** Called with the lock held. */
	private void schedule(long delayNanos) {
		try {
			this.timer = this.ioThread.executeAfter(this::check, delayNanos, TimeUnit.NANOSECONDS);
		}
		catch (RejectedExecutionException ex) {
			// The worker is shutting down, and the connection with it.
		}
	}

	private void check() {
		synchronized (this) {
			this.timer = null;
			if (!this.waiting) {
				return;
			}
			long idle = System.nanoTime() - this.lastProgress;
			if (idle < this.timeoutNanos) {
				schedule(this.timeoutNanos - idle);
				return;
			}
			this.waiting = false;
		}
		this.expired.run();
	}

	/**
	 * A blocking wait of at most {@code time}: the time waited counts toward the timeout until bytes move;
	 * once it reaches the timeout the connection is given up and the wait fails with {@code timedOut}.
	 */
	void awaitBlocking(BlockingWait wait, long time, TimeUnit unit, Supplier<IOException> timedOut)
			throws IOException {
		long start = System.nanoTime();
		try {
			wait.await(Math.min(unit.toNanos(time), this.timeoutNanos - this.awaitedNanos));
		}
		finally {
			this.awaitedNanos += System.nanoTime() - start;
		}
		if (this.awaitedNanos >= this.timeoutNanos) {
			this.giveUp.run();
			throw timedOut.get();
		}
	}

	/** The conduit's own blocking wait, for at most the given nanoseconds. */
	@FunctionalInterface
	interface BlockingWait {

		void await(long nanos) throws IOException;

	}

}
