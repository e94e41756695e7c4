package dev.undertide.reactive;

import java.net.URISyntaxException;
import java.util.concurrent.Executor;

import dev.undertide.server.PlainText;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.HttpContinueReadHandler;
import io.undertow.util.SameThreadExecutor;
import io.undertow.util.StatusCodes;
import org.jspecify.annotations.Nullable;

import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.HttpHeadResponseDecorator;
import org.springframework.http.server.reactive.ServerHttpResponse;

/**
 * The one {@link HttpHandler} between undertow and a Spring reactive
 * {@link org.springframework.http.server.reactive.HttpHandler}. The application runs on the I/O thread that
 * read the request, as on Netty, or on workers; either way it starts only after
 * undertow's handler returned, so undertow never ends the exchange itself: a {@link ReactiveCall} does.
 */
public final class ReactiveHttpHandlerAdapter implements HttpHandler {

	private final org.springframework.http.server.reactive.HttpHandler handler;

	private final DataBufferFactory bufferFactory;

	private final @Nullable Executor executor;

	/** Answers {@code Expect: 100-continue} when the application first reads the body. */
	private final HttpHandler continueOnRead = new HttpContinueReadHandler(this::handleAdmitted);

	/** Runs the application on the I/O threads, with heap buffers. */
	public ReactiveHttpHandlerAdapter(org.springframework.http.server.reactive.HttpHandler handler) {
		this(handler, DefaultDataBufferFactory.sharedInstance, true, null);
	}

	/**
	 * @param bufferFactory allocates the request body's buffers and is the response's factory
	 * @param onIoThreads whether the application runs on the I/O thread that read the request
	 * @param workerExecutor where the application runs otherwise; {@code null} for undertow's worker pool
	 */
	public ReactiveHttpHandlerAdapter(org.springframework.http.server.reactive.HttpHandler handler,
			DataBufferFactory bufferFactory, boolean onIoThreads, @Nullable Executor workerExecutor) {
		this.handler = handler;
		this.bufferFactory = bufferFactory;
		this.executor = onIoThreads ? SameThreadExecutor.INSTANCE : workerExecutor;
	}

	@Override
	public void handleRequest(HttpServerExchange exchange) throws Exception {
		this.continueOnRead.handleRequest(exchange);
	}

	private void handleAdmitted(HttpServerExchange exchange) {
		long limit = exchange.getMaxEntitySize();
		long declared = exchange.getRequestContentLength();
		if (limit > 0 && declared > limit) {
			// Refused before a byte of it is read, so the connection closes after the answer.
			exchange.setPersistent(false);
			PlainText.send(exchange, StatusCodes.REQUEST_ENTITY_TOO_LARGE,
					"The request body of " + declared + " bytes exceeds the limit of " + limit + " bytes");
			return;
		}
		exchange.dispatch(this.executor, () -> handle(exchange));
	}

	private void handle(HttpServerExchange exchange) {
		ReactiveCall call = new ReactiveCall(exchange);
		UndertideServerHttpRequest request;
		try {
			request = new UndertideServerHttpRequest(exchange, this.bufferFactory, call);
		}
		catch (URISyntaxException | IllegalArgumentException ex) {
			PlainText.send(exchange, StatusCodes.BAD_REQUEST, "Bad Request: " + ex.getMessage());
			return;
		}
		UndertideServerHttpResponse undertideResponse = new UndertideServerHttpResponse(exchange, this.bufferFactory,
				call::fail, call::stopWatchingPeer);
		ServerHttpResponse response = undertideResponse;
		if (request.getMethod() == HttpMethod.HEAD) {
			response = new HttpHeadResponseDecorator(response);
		}
		call.response(response, undertideResponse);
		if (!exchange.isInIoThread() && exchange.isRequestComplete()) {
			// On a worker, a handler that blocks is watched while it does.
			call.watchPeer();
		}
		try {
			this.handler.handle(request, response).subscribe(call);
		}
		catch (Throwable failure) {
			call.fail(failure);
		}
		// On the I/O thread the watch could notice nothing while the handler ran, and a request answered
		// meanwhile needs none: its arming, queued to the I/O thread, would keep the whole finished request
		// reachable until the thread's next turn. A no-op if the request is watched already.
		if (exchange.isRequestComplete()) {
			call.watchPeer();
		}
	}

}
