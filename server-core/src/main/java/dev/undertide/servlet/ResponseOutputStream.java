package dev.undertide.servlet;

import java.io.IOException;
import java.io.OutputStream;

import io.undertow.server.HttpServerExchange;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import org.jspecify.annotations.Nullable;

/**
 * The servlet response body with the spec's buffer: bytes collect in a buffer of the response's buffer
 * size; the response commits when the buffer overflows or is flushed. A body that never overflows is sent
 * with a {@code Content-Length}; a larger one goes out as it is written, chunked unless the application
 * set a length.
 */
final class ResponseOutputStream extends ServletOutputStream {

	private final HttpServerExchange exchange;

	private byte[] buffer = new byte[0];

	private int bufferSize;

	private int count;

	private @Nullable OutputStream sink;

	private boolean closed;

	/** While an error is being sent, the application's further output is dropped (Servlet §5.3). */
	private boolean suspended;

	/** Why the client can no longer receive anything; every later write fails with it. */
	private @Nullable IOException clientGone;

	ResponseOutputStream(HttpServerExchange exchange, int bufferSize) {
		this.exchange = exchange;
		this.bufferSize = bufferSize;
	}

	@Override
	public void write(int b) throws IOException {
		checkClientThere();
		if (this.closed || this.suspended) {
			return;
		}
		if (this.count == this.bufferSize) {
			drainBuffer();
			if (this.bufferSize == 0) {
				sink().write(b);
				return;
			}
		}
		ensureBuffer();
		this.buffer[this.count++] = (byte) b;
	}

	@Override
	public void write(byte[] bytes, int offset, int length) throws IOException {
		checkClientThere();
		if (this.closed || this.suspended || length == 0) {
			return;
		}
		if (length <= this.bufferSize - this.count) {
			ensureBuffer();
			System.arraycopy(bytes, offset, this.buffer, this.count, length);
			this.count += length;
			return;
		}
		drainBuffer();
		if (length >= this.bufferSize) {
			sink().write(bytes, offset, length);
		}
		else {
			ensureBuffer();
			System.arraycopy(bytes, offset, this.buffer, 0, length);
			this.count = length;
		}
	}

	private void ensureBuffer() {
		if (this.buffer.length < this.bufferSize) {
			byte[] larger = new byte[this.bufferSize];
			System.arraycopy(this.buffer, 0, larger, 0, this.count);
			this.buffer = larger;
		}
	}

	/** Commits the response and hands the buffered bytes to undertow. */
	private void drainBuffer() throws IOException {
		OutputStream sink = sink();
		if (this.count > 0) {
			sink.write(this.buffer, 0, this.count);
			this.count = 0;
		}
	}

	private OutputStream sink() {
		if (this.sink == null) {
			this.sink = this.exchange.getOutputStream();
		}
		return this.sink;
	}

	/** Commits the response and pushes everything written so far to the client. */
	@Override
	public void flush() throws IOException {
		checkClientThere();
		if (this.closed || this.suspended) {
			return;
		}
		drainBuffer();
		sink().flush();
	}

	/** Ends the body; an uncommitted one is sent whole with its length. Runs once. */
	@Override
	public void close() throws IOException {
		if (this.closed) {
			return;
		}
		this.closed = true;
		if (this.sink == null && !this.exchange.getResponseHeaders().contains("Content-Length")) {
			this.exchange.setResponseContentLength(this.count);
		}
		drainBuffer();
		sink().close();
	}

	/** The client went away: from now on writes fail fast instead of being buffered or dropped. */
	void clientGone(IOException reason) {
		this.clientGone = reason;
	}

	private void checkClientThere() throws IOException {
		if (this.clientGone != null) {
			throw new IOException(this.clientGone.getMessage(), this.clientGone);
		}
	}

	boolean isCommitted() {
		return this.sink != null || this.exchange.isResponseStarted();
	}

	boolean isClosed() {
		return this.closed;
	}

	int getBufferSize() {
		return this.bufferSize;
	}

	void setBufferSize(int bufferSize) {
		if (this.count > 0 || isCommitted()) {
			throw new IllegalStateException("The buffer size cannot change once content has been written");
		}
		this.bufferSize = Math.max(bufferSize, 0);
	}

	int getBufferedCount() {
		return this.count;
	}

	void resetBuffer() {
		if (isCommitted()) {
			throw new IllegalStateException("The response has already been committed");
		}
		this.count = 0;
	}

	void setSuspended(boolean suspended) {
		this.suspended = suspended;
	}

	@Override
	public boolean isReady() {
		return true;
	}

	@Override
	public void setWriteListener(WriteListener writeListener) {
		throw new IllegalStateException("Non-blocking output needs an async request; this request is not async");
	}

}
