package dev.undertide.servlet;

import java.io.IOException;
import java.io.InputStream;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;

/**
 * The servlet request body, read blocking from undertow's request channel on a worker thread.
 */
final class RequestInputStream extends ServletInputStream {

	private final InputStream body;

	private boolean finished;

	RequestInputStream(InputStream body) {
		this.body = body;
	}

	@Override
	public int read() throws IOException {
		int value = this.body.read();
		if (value < 0) {
			this.finished = true;
		}
		return value;
	}

	@Override
	public int read(byte[] bytes, int offset, int length) throws IOException {
		int read = this.body.read(bytes, offset, length);
		if (read < 0) {
			this.finished = true;
		}
		return read;
	}

	@Override
	public int available() throws IOException {
		return this.body.available();
	}

	@Override
	public void close() throws IOException {
		this.body.close();
		this.finished = true;
	}

	@Override
	public boolean isFinished() {
		return this.finished;
	}

	@Override
	public boolean isReady() {
		return true;
	}

	@Override
	public void setReadListener(ReadListener readListener) {
		throw new IllegalStateException("Non-blocking input needs an async request; this request is not async");
	}

}
