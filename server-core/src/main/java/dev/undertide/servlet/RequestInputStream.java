package dev.undertide.servlet;

import java.io.IOException;
import java.nio.ByteBuffer;

import io.undertow.server.HttpServerExchange;
import io.undertow.server.RequestTooBigException;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import org.jspecify.annotations.Nullable;
import org.xnio.channels.StreamSourceChannel;

/**
 * The servlet request body, read straight from undertow's request channel.
 * <p>
 * Reads block the calling (worker) thread until data arrives, unless a {@link ReadListener} is set: then
 * {@link #isReady()} reads what is there without waiting, and when nothing is, the I/O thread watches the
 * channel and {@code onDataAvailable} runs on a worker once data arrives; {@code onAllDataRead} follows
 * the end of the body.
 */
final class RequestInputStream extends ServletInputStream {

	private static final int CHUNK = 8192;

	private final HttpServerExchange exchange;

	private @Nullable ServletCall call;

	private @Nullable StreamSourceChannel channel;

	/** Data read from the channel and not yet given to the application; in read mode. */
	private final ByteBuffer data = ByteBuffer.allocate(CHUNK).flip();

	private boolean endOfStream;

	private @Nullable ReadListener listener;

	private boolean allDataReadNotified;

	private boolean overSizeLimit;

	RequestInputStream(HttpServerExchange exchange) {
		this.exchange = exchange;
	}

	void setCall(@Nullable ServletCall call) {
		this.call = call;
	}

	@Override
	public int read() throws IOException {
		if (this.data.hasRemaining()) {
			return this.data.get() & 0xff;
		}
		byte[] one = new byte[1];
		int read = read(one, 0, 1);
		return (read < 0) ? -1 : (one[0] & 0xff);
	}

	@Override
	public int read(byte[] bytes, int offset, int length) throws IOException {
		if (length == 0) {
			return 0;
		}
		if (!this.data.hasRemaining() && !this.endOfStream) {
			if (this.listener != null) {
				if (!isReady()) {
					throw new IllegalStateException("isReady() is false: wait for onDataAvailable before reading");
				}
			}
			else {
				fillBlocking();
			}
		}
		if (!this.data.hasRemaining()) {
			return -1;
		}
		int count = Math.min(length, this.data.remaining());
		this.data.get(bytes, offset, count);
		return count;
	}

	private void fillBlocking() throws IOException {
		StreamSourceChannel channel = channel();
		while (fill(channel) == 0) {
			ServletCall.waitForClient(this.call, channel::awaitReadable);
		}
	}

	/** One non-blocking read into the empty data buffer: bytes read, 0, or -1 at the end. */
	private int fill(StreamSourceChannel channel) throws IOException {
		this.data.clear();
		int read;
		try {
			read = channel.read(this.data);
		}
		catch (RequestTooBigException ex) {
			this.overSizeLimit = true;
			throw ex;
		}
		finally {
			this.data.flip();
		}
		if (read < 0) {
			this.endOfStream = true;
		}
		return read;
	}

	private StreamSourceChannel channel() throws IOException {
		if (this.channel == null) {
			this.channel = this.exchange.getRequestChannel();
			if (this.channel == null) {
				throw new IOException("The request body has already been consumed");
			}
		}
		return this.channel;
	}

	/** Whether a read failed because the body is larger than the server allows. */
	boolean isOverSizeLimit() {
		return this.overSizeLimit;
	}

	@Override
	public int available() {
		return this.data.remaining();
	}

	@Override
	public boolean isFinished() {
		return this.endOfStream && !this.data.hasRemaining();
	}

	// Non-blocking input (Servlet §5.6)

	@Override
	public boolean isReady() {
		if (this.listener == null || this.data.hasRemaining() || this.endOfStream) {
			return true;
		}
		try {
			StreamSourceChannel channel = channel();
			if (fill(channel) != 0) {
				return true;
			}
			channel.getReadSetter().set((readable) -> {
				readable.suspendReads();
				this.call.callbacks().run(this::dataAvailable);
			});
			channel.resumeReads();
			return false;
		}
		catch (IOException ex) {
			this.call.callbacks().run(() -> this.listener.onError(ex));
			return false;
		}
	}

	@Override
	public void setReadListener(ReadListener readListener) {
		if (readListener == null) {
			throw new NullPointerException("ReadListener must not be null");
		}
		if (this.listener != null) {
			throw new IllegalStateException("A ReadListener has already been set");
		}
		ServletCall call = this.call;
		if (call == null || !call.isAsyncStarted()) {
			throw new IllegalStateException("Non-blocking input needs async processing: call startAsync first");
		}
		this.listener = readListener;
		call.callbacks().run(this::dataAvailable);
	}

	/** On a worker: tells the listener there is data, or that all of it has been read. */
	private void dataAvailable() {
		ReadListener listener = this.listener;
		try {
			if (!isReady()) {
				return;
			}
			if (!isFinished()) {
				listener.onDataAvailable();
			}
			if (isFinished() && !this.allDataReadNotified) {
				this.allDataReadNotified = true;
				listener.onAllDataRead();
			}
		}
		catch (Throwable ex) {
			listener.onError(ex);
		}
	}

}
