package dev.undertide.servlet;

import java.io.IOException;
import java.nio.ByteBuffer;

import dev.undertide.server.SlicedWrites;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import org.jspecify.annotations.Nullable;
import org.xnio.channels.StreamSinkChannel;

/**
 * The servlet response body, written straight to undertow's response channel.
 * <p>
 * Bytes collect in a buffer of the response's buffer size; the response commits when the buffer
 * overflows or is flushed. A body that never overflows goes out with a {@code Content-Length}; a larger
 * one is sent as it is written, chunked unless the application set a length. The buffer's memory grows
 * with the body, so a short body does not pay for a whole buffer.
 * <p>
 * Writes block the calling (worker) thread until the channel takes them, unless a {@link WriteListener}
 * is set: then a write hands the channel what it takes at once, keeps the rest, and {@link #isReady()}
 * stays false until the I/O thread has sent it, after which {@code onWritePossible} runs on a worker.
 */
final class ResponseOutputStream extends ServletOutputStream {

	/** What the buffer starts with: most bodies are short, and a full buffer would be zeroed for each. */
	private static final int INITIAL_BUFFER_CAPACITY = 1024;

	/** Body bytes after which a blocking write is a download rather than a response: 1 MiB. */
	private static final long DOWNLOAD_SIZE = 1024 * 1024;

	private final HttpServerExchange exchange;

	private @Nullable ServletCall call;

	/** Holds at most {@link #bufferSize} bytes; allocated smaller and grown as the body needs. */
	private @Nullable ByteBuffer buffer;

	private int bufferSize;

	private @Nullable StreamSinkChannel channel;

	/** Whether the body's length was known when the channel was opened, so that it is not chunked. */
	private boolean lengthKnown;

	/** Body bytes handed to the channel by blocking writes. */
	private long bodyWritten;

	/** Whether a blocking write is under way as a {@link #writeAsDownload download}. */
	private boolean downloading;

	private boolean closed;

	/** While an error is being sent, the application's further output is dropped (Servlet §5.3). */
	private boolean suspended;

	/** Why the client can no longer receive anything; every later write fails with it. */
	private volatile @Nullable IOException clientGone;

	// Non-blocking output

	private @Nullable WriteListener listener;

	/** Bytes the channel has not taken yet; owned by the I/O thread while {@link #ready} is false. */
	private @Nullable ByteBuffer pending;

	private volatile boolean ready = true;

	ResponseOutputStream(HttpServerExchange exchange, int bufferSize) {
		this.exchange = exchange;
		this.bufferSize = bufferSize;
	}

	void setCall(ServletCall call) {
		this.call = call;
	}

	@Override
	public void write(int b) throws IOException {
		if (this.listener == null && !this.closed && !this.suspended && this.clientGone == null && room() > 0) {
			bufferFor(1).put((byte) b);
			return;
		}
		write(new byte[] { (byte) b }, 0, 1);
	}

	@Override
	public void write(byte[] bytes, int offset, int length) throws IOException {
		checkClientThere();
		if (this.closed || this.suspended || length == 0) {
			return;
		}
		if (this.listener != null) {
			writeWithoutBlocking(ByteBuffer.wrap(bytes, offset, length));
			return;
		}
		if (length <= room()) {
			bufferFor(length).put(bytes, offset, length);
			return;
		}
		drainBuffer(false);
		if (length >= this.bufferSize) {
			writeBlocking(ByteBuffer.wrap(bytes, offset, length), false);
		}
		else {
			bufferFor(length).put(bytes, offset, length);
		}
	}

	/** How many more bytes the buffer takes before the response must commit. */
	private int room() {
		return this.bufferSize - buffered();
	}

	/** The buffer, grown if needed to take {@code length} more bytes; at most {@link #room()}. */
	private ByteBuffer bufferFor(int length) {
		ByteBuffer buffer = this.buffer;
		if (buffer == null) {
			buffer = ByteBuffer.allocate(Math.min(this.bufferSize, Math.max(length, INITIAL_BUFFER_CAPACITY)));
			this.buffer = buffer;
		}
		else if (buffer.remaining() < length) {
			int capacity = Math.min(this.bufferSize, Math.max(buffer.position() + length, buffer.capacity() * 2));
			buffer = ByteBuffer.allocate(capacity).put(buffer.flip());
			this.buffer = buffer;
		}
		return buffer;
	}

	private int buffered() {
		return (this.buffer != null) ? this.buffer.position() : 0;
	}

	/**
	 * Commits the response and writes what is buffered.
	 * @param last whether these are the body's last bytes: a chunked body's last chunk then leaves in the same
	 * socket write as they do, instead of in one of its own
	 */
	private void drainBuffer(boolean last) throws IOException {
		channel();
		if (buffered() > 0) {
			this.buffer.flip();
			writeBlocking(this.buffer, last);
			this.buffer.clear();
		}
	}

	private void writeBlocking(ByteBuffer data, boolean last) throws IOException {
		StreamSinkChannel channel = channel();
		while (data.hasRemaining()) {
			if (this.bodyWritten >= DOWNLOAD_SIZE && !this.downloading) {
				writeAsDownload(data, last);
				return;
			}
			int start = data.position();
			boolean socketFull = !LargeWriteTurns.write(channel, data, last, this.lengthKnown);
			this.bodyWritten += data.position() - start;
			if (socketFull) {
				awaitWritable(channel);
			}
		}
	}

	/**
	 * Writes the rest of a large body as the client takes it, counted as a wait for the client: the thread
	 * is then moving bytes at the client's pace, not running the application, so it must not keep a quick
	 * request from finding a worker. Between its waits for a full socket such a thread is writing, and with
	 * many downloads under way those writing at any moment could otherwise take every worker.
	 */
	private void writeAsDownload(ByteBuffer data, boolean last) throws IOException {
		this.downloading = true;
		try {
			ServletCall.waitForClient(this.call, () -> writeBlocking(data, last));
		}
		finally {
			this.downloading = false;
		}
	}

	private void flushBlocking(StreamSinkChannel channel) throws IOException {
		while (!channel.flush()) {
			awaitWritable(channel);
		}
	}

	/**
	 * Waits until the channel can take more. The server's write timeout ends a wait for a client that stopped
	 * reading: the connection is closed, and this write and every later one fail.
	 */
	private void awaitWritable(StreamSinkChannel channel) throws IOException {
		try {
			if (this.downloading) {
				// Counted as a wait for the client already.
				channel.awaitWritable();
			}
			else {
				ServletCall.waitForClient(this.call, channel::awaitWritable);
			}
		}
		catch (IOException ex) {
			clientGone(ex);
			throw ex;
		}
	}

	private StreamSinkChannel channel() {
		if (this.channel == null) {
			this.channel = this.exchange.getResponseChannel();
			this.lengthKnown = this.exchange.getResponseContentLength() >= 0;
		}
		return this.channel;
	}

	/** Commits the response and pushes everything written so far to the client. */
	@Override
	public void flush() throws IOException {
		checkClientThere();
		if (this.closed || this.suspended) {
			return;
		}
		if (this.listener != null) {
			writeWithoutBlocking(ByteBuffer.allocate(0));
			return;
		}
		drainBuffer(false);
		flushBlocking(channel());
	}

	/** Ends the body; an uncommitted one is sent whole with its length. Runs once. */
	@Override
	public void close() throws IOException {
		if (this.closed) {
			return;
		}
		this.closed = true;
		ByteBuffer unsent;
		synchronized (this) {
			unsent = this.pending;
			this.pending = null;
		}
		if (this.channel == null && canHaveContentLength()
				&& !this.exchange.getResponseHeaders().contains(Headers.CONTENT_LENGTH)) {
			this.exchange.setResponseContentLength(buffered());
		}
		StreamSinkChannel channel = channel();
		if (this.listener != null) {
			channel.suspendWrites();
		}
		if (unsent != null) {
			writeBlocking(unsent, false);
		}
		drainBuffer(true);
		channel.shutdownWrites();
		flushBlocking(channel);
	}

	private boolean canHaveContentLength() {
		int status = this.exchange.getStatusCode();
		return status >= 200 && status != 204 && status != 304;
	}

	/** The client went away: from now on writes fail fast instead of being buffered or dropped. */
	void clientGone(IOException reason) {
		this.clientGone = reason;
	}

	private void checkClientThere() throws IOException {
		IOException reason = this.clientGone;
		if (reason != null) {
			throw new IOException(reason.getMessage(), reason);
		}
	}

	boolean isCommitted() {
		return this.channel != null || this.exchange.isResponseStarted();
	}

	int getBufferSize() {
		return this.bufferSize;
	}

	void setBufferSize(int bufferSize) {
		if (buffered() > 0 || isCommitted()) {
			throw new IllegalStateException("The buffer size cannot change once content has been written");
		}
		this.bufferSize = Math.max(bufferSize, 0);
		this.buffer = null;
	}

	void resetBuffer() {
		if (isCommitted()) {
			throw new IllegalStateException("The response has already been committed");
		}
		if (this.buffer != null) {
			this.buffer.clear();
		}
	}

	void setSuspended(boolean suspended) {
		this.suspended = suspended;
	}

	// Non-blocking output (Servlet §5.7)

	@Override
	public boolean isReady() {
		return this.ready;
	}

	@Override
	public void setWriteListener(WriteListener writeListener) {
		if (writeListener == null) {
			throw new NullPointerException("WriteListener must not be null");
		}
		if (this.listener != null) {
			throw new IllegalStateException("A WriteListener has already been set");
		}
		ServletCall call = this.call;
		if (call == null || !call.isAsyncStarted()) {
			throw new IllegalStateException("Non-blocking output needs async processing: call startAsync first");
		}
		this.listener = writeListener;
		call.callbacks().run(this::writePossible);
	}

	private void writeWithoutBlocking(ByteBuffer data) throws IOException {
		if (!this.ready) {
			throw new IllegalStateException("isReady() is false: wait for onWritePossible before writing");
		}
		ByteBuffer out = data;
		if (buffered() > 0) {
			this.buffer.flip();
			out = ByteBuffer.allocate(this.buffer.remaining() + data.remaining()).put(this.buffer).put(data).flip();
			this.buffer.clear();
		}
		StreamSinkChannel channel = channel();
		SlicedWrites.write(channel, out, this.lengthKnown);
		if (!out.hasRemaining() && channel.flush()) {
			return;
		}
		synchronized (this) {
			this.pending = out.hasRemaining() ? ByteBuffer.allocate(out.remaining()).put(out).flip() : null;
			this.ready = false;
		}
		channel.getWriteSetter().set((writable) -> writable());
		channel.resumeWrites();
	}

	/** On the I/O thread: sends what is pending; once all is out, the application may write again. */
	private void writable() {
		StreamSinkChannel channel = this.channel;
		try {
			synchronized (this) {
				if (this.closed) {
					channel.suspendWrites();
					return;
				}
				if (this.pending != null) {
					SlicedWrites.write(channel, this.pending, this.lengthKnown);
					if (this.pending.hasRemaining()) {
						return;
					}
					this.pending = null;
				}
				if (!channel.flush()) {
					return;
				}
				channel.suspendWrites();
				this.ready = true;
			}
			this.call.callbacks().run(this::writePossible);
		}
		catch (IOException ex) {
			channel.suspendWrites();
			this.call.callbacks().run(() -> this.listener.onError(ex));
		}
	}

	private void writePossible() {
		try {
			this.listener.onWritePossible();
		}
		catch (Throwable ex) {
			this.listener.onError(ex);
		}
	}

}
