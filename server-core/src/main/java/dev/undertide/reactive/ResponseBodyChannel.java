package dev.undertide.reactive;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.function.Consumer;

import io.undertow.server.HttpServerExchange;
import org.jspecify.annotations.Nullable;
import org.xnio.ChannelListener;
import org.xnio.channels.StreamSinkChannel;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;

/**
 * The response's one door to the socket. Writes come from whatever thread the application's publisher
 * emits on, write-ready events from the I/O thread; a lock keeps them from touching the channel at the
 * same time. A write the socket cannot take at once is left pending: {@link #isWritable()} turns false
 * until the channel signals room again and the current writer is called back.
 */
final class ResponseBodyChannel implements ChannelListener<StreamSinkChannel> {

	private final HttpServerExchange exchange;

	private final Consumer<Throwable> onFailure;

	private final Runnable beforeLastByte;

	/** Body bytes still to come when the length is known, else -1. Guarded by this. */
	private long remaining = -1;

	/** Opened on first use, which comes after the response is committed. Guarded by this. */
	private @Nullable StreamSinkChannel channel;

	/** Guarded by this. */
	private boolean flushPending;

	private volatile boolean writable = true;

	private volatile Runnable onWritable = () -> {
	};

	/**
	 * @param onFailure told of a failure found while no writer is active, such as a flush that cannot
	 * complete because the client is gone
	 * @param beforeLastByte runs before the write that completes a body of known length, on the writing
	 * thread and outside the lock: from then on the client may consider the response done
	 */
	ResponseBodyChannel(HttpServerExchange exchange, Consumer<Throwable> onFailure, Runnable beforeLastByte) {
		this.exchange = exchange;
		this.onFailure = onFailure;
		this.beforeLastByte = beforeLastByte;
	}

	/** Whom to call back when a pending write or flush can go on. */
	void onWritable(Runnable onWritable) {
		this.onWritable = onWritable;
	}

	/** Whether nothing is waiting for room in the socket. */
	boolean isWritable() {
		return this.writable;
	}

	/**
	 * Writes as much of the buffer as the socket takes now.
	 * @return {@code true} when all of it is written and the buffer released, {@code false} when the rest
	 * waits for {@link #onWritable(Runnable) a call back}
	 */
	boolean write(DataBuffer buffer) throws IOException {
		checkLastByte(buffer.readableByteCount());
		synchronized (this) {
			StreamSinkChannel channel = channel();
			int written = 0;
			boolean partial = false;
			try (DataBuffer.ByteBufferIterator readable = buffer.readableByteBuffers()) {
				while (readable.hasNext() && !partial) {
					ByteBuffer bytes = readable.next();
					written += channel.write(bytes);
					partial = bytes.hasRemaining();
				}
			}
			buffer.readPosition(buffer.readPosition() + written);
			this.remaining -= (this.remaining >= 0) ? written : 0;
			if (partial) {
				awaitWritable();
				return false;
			}
		}
		DataBufferUtils.release(buffer);
		return true;
	}

	private void checkLastByte(long count) throws IOException {
		boolean last;
		synchronized (this) {
			channel();
			last = (this.remaining >= 0 && count >= this.remaining);
		}
		if (last) {
			this.beforeLastByte.run();
		}
	}

	/**
	 * Sends what the channel buffers; what the socket cannot take now goes out when it can, without
	 * holding up the next write.
	 */
	synchronized void flush() throws IOException {
		this.flushPending = !channel().flush();
		if (this.flushPending) {
			awaitWritable();
		}
	}

	/**
	 * Transfers file bytes as far as the socket takes them now, without copying them through the heap.
	 * @return how many bytes were transferred; fewer than asked means the rest waits for a call back
	 */
	long transferFrom(FileChannel file, long position, long count) throws IOException {
		checkLastByte(count);
		synchronized (this) {
			long transferred = channel().transferFrom(file, position, count);
			this.remaining -= (this.remaining >= 0) ? transferred : 0;
			if (transferred < count) {
				awaitWritable();
			}
			return transferred;
		}
	}

	private StreamSinkChannel channel() throws IOException {
		StreamSinkChannel channel = this.channel;
		if (channel == null) {
			channel = this.exchange.getResponseChannel();
			if (channel == null) {
				throw new IOException("The response channel is already taken");
			}
			channel.getWriteSetter().set(this);
			this.channel = channel;
			this.remaining = this.exchange.getResponseContentLength();
		}
		return channel;
	}

	/** Called with the lock held. */
	private void awaitWritable() {
		this.writable = false;
		this.channel.resumeWrites();
	}

	/** The socket has room again: finish a pending flush, then let the current writer go on. I/O thread. */
	@Override
	public void handleEvent(StreamSinkChannel channel) {
		synchronized (this) {
			channel.suspendWrites();
			this.writable = true;
			if (this.flushPending) {
				try {
					this.flushPending = !channel.flush();
				}
				catch (IOException ex) {
					this.onFailure.accept(ex);
					return;
				}
				if (this.flushPending) {
					awaitWritable();
					return;
				}
			}
		}
		this.onWritable.run();
	}

}
