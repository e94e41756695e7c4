package dev.undertide.reactive;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;

import io.undertow.connector.ByteBufferPool;
import io.undertow.connector.PooledByteBuffer;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RequestTooBigException;
import org.jspecify.annotations.Nullable;
import org.xnio.XnioIoThread;
import org.xnio.channels.StreamSourceChannel;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.AbstractListenerReadPublisher;
import org.springframework.web.server.ResponseStatusException;

/**
 * The request body as buffers, read from the socket only while the subscriber has demand: without demand
 * reads are suspended, the socket's receive window fills and TCP slows the client down. So however large
 * the body, the server holds at most one I/O buffer of it at a time.
 */
final class RequestBodyPublisher extends AbstractListenerReadPublisher<DataBuffer> {

	private final StreamSourceChannel channel;

	private final XnioIoThread ioThread;

	private final ByteBufferPool pool;

	private final DataBufferFactory bufferFactory;

	private final ReactiveCall call;

	RequestBodyPublisher(HttpServerExchange exchange, ByteBufferPool pool, DataBufferFactory bufferFactory,
			String logPrefix, ReactiveCall call) {
		super(logPrefix);
		StreamSourceChannel channel = exchange.getRequestChannel();
		if (channel == null) {
			throw new IllegalStateException("The request body has already been taken");
		}
		this.channel = channel;
		this.ioThread = exchange.getIoThread();
		this.pool = pool;
		this.bufferFactory = bufferFactory;
		this.call = call;
		channel.getReadSetter().set((readable) -> onDataAvailable());
	}

	/** Reads happen on the I/O thread only, where undertow's conduits expect them. */
	@Override
	protected void checkOnDataAvailable() {
		onIoThread(() -> {
			this.channel.resumeReads();
			onDataAvailable();
		});
	}

	/** Reads through an I/O buffer taken from the pool for this read only. */
	@Override
	protected @Nullable DataBuffer read() {
		try (PooledByteBuffer pooled = this.pool.allocate()) {
			ByteBuffer bytes = pooled.getBuffer();
			int read = this.channel.read(bytes);
			if (read == -1) {
				onIoThread(this.channel::suspendReads);
				onAllDataRead();
				this.call.watchPeer();
				return null;
			}
			if (read == 0) {
				return null;
			}
			bytes.flip();
			DataBuffer buffer = this.bufferFactory.allocateBuffer(read);
			buffer.write(bytes);
			return buffer;
		}
		catch (RequestTooBigException ex) {
			onError(new ResponseStatusException(HttpStatus.CONTENT_TOO_LARGE, ex.getMessage(), ex));
			return null;
		}
		catch (IOException ex) {
			// A body that cannot be read to its end (cut short, malformed chunks, the read timeout) has lost
			// its connection. Said as an EOFException, which Spring counts as a client gone. Signalled here,
			// not thrown: thrown from read(), the publisher would keep the error pending for good.
			this.call.connectionLost();
			EOFException lost = new EOFException("The request body could not be read to its end: " + ex.getMessage());
			lost.initCause(ex);
			onError(lost);
			return null;
		}
	}

	@Override
	protected void readingPaused() {
		onIoThread(this.channel::suspendReads);
	}

	/**
	 * Runs read control on the I/O thread, in the order asked. From another thread XNIO would apply a
	 * suspend later, and one that lands after the exchange ended would stall the connection's next request.
	 */
	private void onIoThread(Runnable readControl) {
		if (this.ioThread == Thread.currentThread()) {
			readControl.run();
		}
		else {
			this.ioThread.execute(readControl);
		}
	}

	/** Nothing to discard: every buffer read has been handed to the subscriber. */
	@Override
	protected void discardData() {
	}

}
