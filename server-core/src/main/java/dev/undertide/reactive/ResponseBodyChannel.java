package dev.undertide.reactive;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

import dev.undertide.server.SlicedWrites;
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
 * <p>
 * Small buffers of a body of unknown length are gathered and go out together once the publisher pauses
 * (a flush, or the I/O thread's next turn), as on Netty: a publisher that emits many small buffers at once
 * costs one socket write and one chunk, not one of each per buffer.
 */
final class ResponseBodyChannel implements ChannelListener<StreamSinkChannel> {

	/** Most bytes gathered before they are written; larger buffers are written as they come. */
	static final int GATHER_LIMIT = 16 * 1024;

	private final HttpServerExchange exchange;

	private final Consumer<Throwable> onFailure;

	private final Runnable beforeLastByte;

	/** Body bytes still to come when the length is known, else -1. Guarded by this. */
	private long remaining = -1;

	/** Opened on first use, which comes after the response is committed. Guarded by this. */
	private @Nullable StreamSinkChannel channel;

	/** Guarded by this. */
	private boolean flushPending;

	/** Bytes accepted but not yet written, in write mode; allocated on first use. Guarded by this. */
	private @Nullable ByteBuffer gathered;

	/** Whether the I/O thread is to write what is gathered on its next turn. Guarded by this. */
	private boolean gatheredWriteScheduled;

	/** Ends the exchange once everything gathered is written. Guarded by this. */
	private @Nullable Runnable whenWritten;

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
		int count = buffer.readableByteCount();
		checkLastByte(count);
		synchronized (this) {
			StreamSinkChannel channel = channel();
			if (this.remaining < 0 && count < GATHER_LIMIT) {
				if (gatheredCount() + count > GATHER_LIMIT && !writeGathered()) {
					return false;
				}
				gather(buffer, count);
				DataBufferUtils.release(buffer);
				return true;
			}
			if (!writeGathered()) {
				return false;
			}
			int written = 0;
			boolean partial = false;
			try (DataBuffer.ByteBufferIterator readable = buffer.readableByteBuffers()) {
				while (readable.hasNext() && !partial) {
					ByteBuffer bytes = readable.next();
					written += (int) SlicedWrites.write(channel, bytes, this.remaining >= 0);
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

	private int gatheredCount() {
		return (this.gathered != null) ? this.gathered.position() : 0;
	}

	/** Called with the lock held. */
	private void gather(DataBuffer buffer, int count) {
		if (this.gathered == null) {
			this.gathered = ByteBuffer.allocate(GATHER_LIMIT);
		}
		try (DataBuffer.ByteBufferIterator readable = buffer.readableByteBuffers()) {
			while (readable.hasNext()) {
				this.gathered.put(readable.next());
			}
		}
		buffer.readPosition(buffer.readPosition() + count);
		if (!this.gatheredWriteScheduled) {
			try {
				this.exchange.getIoThread().execute(this::writeGatheredLater);
				this.gatheredWriteScheduled = true;
			}
			catch (RejectedExecutionException ex) {
				// The server is stopping; the flush that ends the body writes what is gathered.
			}
		}
	}

	/**
	 * Writes what is gathered as far as the socket takes it, called with the lock held.
	 * @return whether all of it is written; if not, the rest waits for room in the socket
	 */
	private boolean writeGathered() throws IOException {
		ByteBuffer gathered = this.gathered;
		if (gathered == null || gathered.position() == 0) {
			return true;
		}
		gathered.flip();
		try {
			this.channel.write(gathered);
		}
		finally {
			gathered.compact();
		}
		if (gathered.position() > 0) {
			awaitWritable();
			return false;
		}
		return true;
	}

	/** The publisher paused: what it emitted so far goes out. I/O thread. */
	private void writeGatheredLater() {
		synchronized (this) {
			this.gatheredWriteScheduled = false;
			// Not writable: the socket's next write-ready event writes it.
			if (!this.writable || gatheredCount() == 0) {
				return;
			}
			this.flushPending = true;
			if (!writeOutOrFail()) {
				return;
			}
		}
		endIfWritten();
	}

	/**
	 * Runs {@code end} once everything gathered is written: at once if it can be written now, if nothing
	 * is gathered, or if the connection is gone and nothing more can be. I/O thread.
	 */
	void whenWritten(Runnable end) {
		synchronized (this) {
			if (gatheredCount() > 0 && this.exchange.getConnection().isOpen() && (!this.writable || !writeOutOrFail())) {
				this.whenWritten = end;
				return;
			}
		}
		end.run();
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
		if (!writeGathered()) {
			this.flushPending = true;
			return;
		}
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
		boolean failed = false;
		synchronized (this) {
			channel.suspendWrites();
			this.writable = true;
			try {
				if (!writeOut()) {
					return;
				}
			}
			catch (IOException ex) {
				fail(ex);
				failed = true;
			}
		}
		if (!endIfWritten() && !failed) {
			this.onWritable.run();
		}
	}

	/**
	 * Writes what is gathered and finishes a pending flush, as far as the socket takes them, called with
	 * the lock held.
	 * @return whether both are done
	 */
	private boolean writeOut() throws IOException {
		if (!writeGathered()) {
			return false;
		}
		if (this.flushPending) {
			this.flushPending = !this.channel.flush();
			if (this.flushPending) {
				awaitWritable();
				return false;
			}
		}
		return true;
	}

	/**
	 * {@link #writeOut()}, reporting a failure, after which nothing is left to write; called with the lock
	 * held.
	 */
	private boolean writeOutOrFail() {
		try {
			return writeOut();
		}
		catch (IOException ex) {
			fail(ex);
			return true;
		}
	}

	/** Nothing more can be written: what is gathered is dropped, and an exchange waiting for it may end. */
	private void fail(IOException failure) {
		this.gathered = null;
		this.onFailure.accept(failure);
	}

	/** Ends the exchange if it waited for the gathered bytes; outside the lock. */
	private boolean endIfWritten() {
		Runnable end;
		synchronized (this) {
			end = this.whenWritten;
			this.whenWritten = null;
		}
		if (end == null) {
			return false;
		}
		end.run();
		return true;
	}

}
