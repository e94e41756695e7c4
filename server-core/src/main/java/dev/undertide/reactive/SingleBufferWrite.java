package dev.undertide.reactive;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;

/**
 * Writes a body of at most one buffer, what a rendered value (a {@code Mono}) comes as, straight to the
 * socket and then flushes. One object does what the write and flush processors of a stream do for it, as
 * the most common response deserves. What the socket cannot take at once goes on when it has room, on the
 * I/O thread. Subscribed once.
 * <p>
 * The buffer is written by one thread at a time and released once: by the channel when it is written,
 * else by whoever holds it when the write fails or is cancelled. The state below says who holds it.
 */
final class SingleBufferWrite extends Mono<Void> implements CoreSubscriber<DataBuffer>, Subscription {

	/** No buffer yet. */
	private static final int IDLE = 0;

	/** A thread is writing the buffer. */
	private static final int WRITING = 1;

	/** Part of the buffer waits for room in the socket; nobody holds it. */
	private static final int PAUSED = 2;

	/** Written and flushed; the end waits for the source's completion. */
	private static final int WRITTEN = 3;

	/** Completion or failure was signalled. */
	private static final int ENDED = 4;

	private static final int CANCELLED = 5;

	private static final AtomicIntegerFieldUpdater<SingleBufferWrite> STATE = AtomicIntegerFieldUpdater
		.newUpdater(SingleBufferWrite.class, "state");

	private final Mono<? extends DataBuffer> source;

	private final ResponseBodyChannel body;

	private volatile int state = IDLE;

	private volatile boolean sourceCompleted;

	private volatile @Nullable Subscription upstream;

	/** Published to other threads by the state's transitions. */
	private @Nullable DataBuffer buffer;

	private @Nullable CoreSubscriber<? super Void> actual;

	SingleBufferWrite(Mono<? extends DataBuffer> source, ResponseBodyChannel body) {
		this.source = source;
		this.body = body;
	}

	@Override
	public void subscribe(CoreSubscriber<? super Void> actual) {
		this.actual = actual;
		this.body.onWritable(this::resume);
		actual.onSubscribe(this);
		this.source.subscribe(this);
	}

	@Override
	public void onSubscribe(Subscription subscription) {
		this.upstream = subscription;
		if (this.state == CANCELLED) {
			subscription.cancel();
		}
		else {
			subscription.request(1);
		}
	}

	@Override
	public void onNext(DataBuffer buffer) {
		this.buffer = buffer;
		if (STATE.compareAndSet(this, IDLE, WRITING)) {
			write();
		}
		else {
			DataBufferUtils.release(buffer);
		}
	}

	/** The socket has room again; I/O thread. Also called after a flush finished, with nothing paused. */
	private void resume() {
		if (STATE.compareAndSet(this, PAUSED, WRITING)) {
			write();
		}
	}

	/** Called in the state WRITING. */
	private void write() {
		DataBuffer buffer = this.buffer;
		for (;;) {
			boolean written;
			try {
				written = this.body.write(buffer);
				if (written) {
					this.buffer = null;
					this.body.flush();
				}
			}
			catch (IOException | RuntimeException failure) {
				if (this.buffer != null) {
					this.buffer = null;
					DataBufferUtils.release(buffer);
				}
				fail(failure);
				return;
			}
			if (written) {
				if (STATE.compareAndSet(this, WRITING, WRITTEN) && this.sourceCompleted) {
					complete();
				}
				return;
			}
			if (!STATE.compareAndSet(this, WRITING, PAUSED)) {
				// Cancelled while this thread held the buffer.
				this.buffer = null;
				DataBufferUtils.release(buffer);
				return;
			}
			// The socket's call back may have come between the write and the pause, and found nothing paused.
			if (!this.body.isWritable() || !STATE.compareAndSet(this, PAUSED, WRITING)) {
				return;
			}
		}
	}

	@Override
	public void onComplete() {
		this.sourceCompleted = true;
		if (STATE.compareAndSet(this, IDLE, WRITTEN) || this.state == WRITTEN) {
			complete();
		}
	}

	private void complete() {
		if (STATE.compareAndSet(this, WRITTEN, ENDED)) {
			this.actual.onComplete();
		}
	}

	@Override
	public void onError(Throwable failure) {
		fail(failure);
	}

	private void fail(Throwable failure) {
		int previous = end(ENDED);
		if (previous != ENDED && previous != CANCELLED) {
			this.actual.onError(failure);
		}
	}

	@Override
	public void request(long n) {
		// Nothing is emitted but the end.
	}

	@Override
	public void cancel() {
		end(CANCELLED);
		Subscription upstream = this.upstream;
		if (upstream != null) {
			upstream.cancel();
		}
	}

	/**
	 * Moves to a final state unless in one already, and releases a paused buffer, which nobody else holds.
	 * @return the state before
	 */
	private int end(int finalState) {
		for (;;) {
			int previous = this.state;
			if (previous == ENDED || previous == CANCELLED) {
				return previous;
			}
			if (STATE.compareAndSet(this, previous, finalState)) {
				if (previous == PAUSED) {
					DataBuffer buffer = this.buffer;
					this.buffer = null;
					DataBufferUtils.release(buffer);
				}
				return previous;
			}
		}
	}

}
