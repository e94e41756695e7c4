package dev.undertide.reactive;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.function.Consumer;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Processor;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseCookie;
import org.springframework.http.ZeroCopyHttpOutputMessage;
import org.springframework.http.server.reactive.AbstractListenerWriteFlushProcessor;
import org.springframework.http.server.reactive.AbstractListenerWriteProcessor;
import org.springframework.http.server.reactive.AbstractServerHttpResponse;

/**
 * A reactive response on an undertow exchange. A body of one buffer is written straight away. A stream
 * is written at the publisher's pace: one buffer is requested at a time and the next only once the socket
 * took the last, and each inner publisher of {@code writeAndFlushWith} ends with a flush, so streamed
 * events leave one by one.
 */
final class UndertideServerHttpResponse extends AbstractServerHttpResponse implements ZeroCopyHttpOutputMessage {

	private final HttpServerExchange exchange;

	private final ResponseBodyChannel body;

	private volatile boolean connectionLost;

	/**
	 * @param onWriteFailure told of a write failure no writer is there to report
	 * @param beforeLastByte runs before the last byte of a body of known length is written
	 */
	UndertideServerHttpResponse(HttpServerExchange exchange, DataBufferFactory bufferFactory,
			Consumer<Throwable> onWriteFailure, Runnable beforeLastByte) {
		super(bufferFactory, new HttpHeaders(new HeaderMapAdapter(exchange.getResponseHeaders())));
		this.exchange = exchange;
		this.body = new ResponseBodyChannel(exchange, onWriteFailure, beforeLastByte);
	}

	@Override
	@SuppressWarnings("unchecked")
	public <T> T getNativeResponse() {
		return (T) this.exchange;
	}

	@Override
	protected void applyStatusCode() {
		HttpStatusCode status = super.getStatusCode();
		if (status != null) {
			this.exchange.setStatusCode(status.value());
		}
	}

	@Override
	public HttpStatusCode getStatusCode() {
		HttpStatusCode status = super.getStatusCode();
		return (status != null) ? status : HttpStatusCode.valueOf(this.exchange.getStatusCode());
	}

	/** The headers are the exchange's own already. */
	@Override
	protected void applyHeaders() {
	}

	@Override
	protected void applyCookies() {
		HeaderMap headers = this.exchange.getResponseHeaders();
		for (List<ResponseCookie> cookies : getCookies().values()) {
			for (ResponseCookie cookie : cookies) {
				headers.add(Headers.SET_COOKIE, cookie.toString());
			}
		}
	}

	/** Spring hands over a {@code Mono}'s one buffer as a {@code Mono}. */
	@Override
	@SuppressWarnings("unchecked")
	protected Mono<Void> writeWithInternal(Publisher<? extends DataBuffer> body) {
		if (body instanceof Mono<?> single) {
			return new SingleBufferWrite((Mono<? extends DataBuffer>) single, this.body);
		}
		return writeAndFlushWithInternal(Mono.just(body));
	}

	@Override
	protected Mono<Void> writeAndFlushWithInternal(Publisher<? extends Publisher<? extends DataBuffer>> body) {
		Processor<? super Publisher<? extends DataBuffer>, Void> processor = new BodyFlushProcessor();
		return Mono.from((subscriber) -> {
			body.subscribe(processor);
			processor.subscribe(subscriber);
		});
	}

	/** Whether part of the body waits for room in the socket: the response is on its way, not idle. */
	boolean isWritePending() {
		return !this.body.isWritable();
	}

	/** Runs {@code end} once the body's gathered bytes are written; on the I/O thread. */
	void whenWritten(Runnable end) {
		this.body.whenWritten(end);
	}

	/** The connection is gone: nothing can be sent any more, so the response is as good as committed. */
	void connectionLost() {
		this.connectionLost = true;
	}

	@Override
	public boolean isCommitted() {
		return this.connectionLost || super.isCommitted();
	}

	@Override
	public boolean setStatusCode(@Nullable HttpStatusCode status) {
		return !this.connectionLost && super.setStatusCode(status);
	}

	@Override
	public Mono<Void> writeWith(Path file, long position, long count) {
		return doCommit(() -> Mono.create((sink) -> new FileTransfer(file, position, count, sink).start()));
	}

	/** Writes the inner publishers one after another, flushing after each. */
	private final class BodyFlushProcessor extends AbstractListenerWriteFlushProcessor<DataBuffer> {

		@Override
		protected Processor<? super DataBuffer, Void> createWriteProcessor() {
			BodyWriteProcessor processor = new BodyWriteProcessor();
			UndertideServerHttpResponse.this.body.onWritable(processor::onWritePossible);
			return processor;
		}

		@Override
		protected boolean isWritePossible() {
			return UndertideServerHttpResponse.this.body.isWritable();
		}

		@Override
		protected void flush() throws IOException {
			UndertideServerHttpResponse.this.body.flush();
		}

		/** A flush still under way at the end is finished by ending the exchange, which flushes too. */
		@Override
		protected boolean isFlushPending() {
			return false;
		}

	}

	/** Writes one publisher's buffers, one at a time. */
	private final class BodyWriteProcessor extends AbstractListenerWriteProcessor<DataBuffer> {

		/** An empty buffer is skipped, so it is released here. */
		@Override
		protected boolean isDataEmpty(DataBuffer buffer) {
			if (buffer.readableByteCount() > 0) {
				return false;
			}
			DataBufferUtils.release(buffer);
			return true;
		}

		@Override
		protected boolean isWritePossible() {
			return UndertideServerHttpResponse.this.body.isWritable();
		}

		@Override
		protected boolean write(DataBuffer buffer) throws IOException {
			return UndertideServerHttpResponse.this.body.write(buffer);
		}

		@Override
		protected void writingFailed(Throwable failure) {
			cancel();
			onError(failure);
		}

		@Override
		protected void discardData(DataBuffer buffer) {
			DataBufferUtils.release(buffer);
		}

	}

	/** Sends a file region from the file to the socket, going on whenever the socket has room. */
	private final class FileTransfer {

		private final Path path;

		private long position;

		private long remaining;

		private final MonoSink<Void> sink;

		private FileChannel file;

		FileTransfer(Path path, long position, long count, MonoSink<Void> sink) {
			this.path = path;
			this.position = position;
			this.remaining = count;
			this.sink = sink;
		}

		void start() {
			try {
				this.file = FileChannel.open(this.path, StandardOpenOption.READ);
			}
			catch (IOException ex) {
				this.sink.error(ex);
				return;
			}
			this.sink.onDispose(this::closeFile);
			UndertideServerHttpResponse.this.body.onWritable(this::transfer);
			// Where the file is resolved is up to the application; undertow's file transfer belongs on the
			// I/O thread, which also runs the call backs.
			if (UndertideServerHttpResponse.this.exchange.isInIoThread()) {
				transfer();
			}
			else {
				UndertideServerHttpResponse.this.exchange.getIoThread().execute(this::transfer);
			}
		}

		private void transfer() {
			try {
				while (this.remaining > 0) {
					long transferred = UndertideServerHttpResponse.this.body.transferFrom(this.file, this.position,
							this.remaining);
					this.position += transferred;
					this.remaining -= transferred;
					if (this.remaining > 0 && !UndertideServerHttpResponse.this.body.isWritable()) {
						return;
					}
					if (transferred == 0 && this.remaining > 0) {
						throw new IOException("The file " + this.path + " ended " + this.remaining
								+ " bytes before the region to send");
					}
				}
				this.sink.success();
			}
			catch (IOException ex) {
				this.sink.error(ex);
			}
		}

		private void closeFile() {
			try {
				this.file.close();
			}
			catch (IOException ex) {
				// Read-only; nothing was lost.
			}
		}

	}

}
