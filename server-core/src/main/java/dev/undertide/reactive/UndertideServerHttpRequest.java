package dev.undertide.reactive;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.cert.X509Certificate;

import dev.undertide.server.RequestIdHandler;
import dev.undertide.server.TlsSessions;
import io.undertow.connector.ByteBufferPool;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.SSLSessionInfo;
import io.undertow.server.handlers.Cookie;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.http.HttpCookie;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.AbstractServerHttpRequest;
import org.springframework.http.server.reactive.SslInfo;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.server.ServerWebInputException;

/**
 * A reactive request on an undertow exchange. Its body is read from the socket only as the application
 * asks for it.
 */
final class UndertideServerHttpRequest extends AbstractServerHttpRequest {

	private final HttpServerExchange exchange;

	private final DataBufferFactory bufferFactory;

	private final ReactiveCall call;

	private @Nullable RequestBodyPublisher body;

	/**
	 * @param call told when the whole body has been read, or when the connection was lost reading it
	 */
	UndertideServerHttpRequest(HttpServerExchange exchange, DataBufferFactory bufferFactory, ReactiveCall call)
			throws URISyntaxException {
		super(HttpMethod.valueOf(exchange.getRequestMethod().toString()), uri(exchange), null, headers(exchange));
		this.exchange = exchange;
		this.bufferFactory = bufferFactory;
		this.call = call;
	}

	private static URI uri(HttpServerExchange exchange) throws URISyntaxException {
		String query = exchange.getQueryString();
		String url = exchange.getRequestURL();
		return new URI((query == null || query.isEmpty()) ? url : url + "?" + query);
	}

	private static HttpHeaders headers(HttpServerExchange exchange) {
		return new HttpHeaders(new HeaderMapAdapter(exchange.getRequestHeaders()));
	}

	/** The id the server gave the request on arrival, which the access log shows too. */
	@Override
	protected String initId() {
		return RequestIdHandler.requestId(this.exchange);
	}

	@Override
	protected MultiValueMap<String, HttpCookie> initCookies() {
		MultiValueMap<String, HttpCookie> cookies = new LinkedMultiValueMap<>();
		try {
			for (Cookie cookie : this.exchange.requestCookies()) {
				cookies.add(cookie.getName(), new HttpCookie(cookie.getName(), cookie.getValue()));
			}
		}
		catch (IllegalArgumentException ex) {
			// undertow parses the Cookie header only now, and refuses control characters in it.
			throw new ServerWebInputException("The Cookie header cannot be parsed: " + ex.getMessage(), null, ex);
		}
		return cookies;
	}

	@Override
	public @Nullable InetSocketAddress getLocalAddress() {
		return this.exchange.getDestinationAddress();
	}

	@Override
	public @Nullable InetSocketAddress getRemoteAddress() {
		return this.exchange.getSourceAddress();
	}

	@Override
	protected @Nullable SslInfo initSslInfo() {
		SSLSessionInfo session = this.exchange.getConnection().getSslSessionInfo();
		if (session == null) {
			return null;
		}
		X509Certificate[] certificates = TlsSessions.clientCertificates(session);
		return (certificates != null) ? SslInfo.from(TlsSessions.sessionId(session), certificates)
				: SslInfo.from(TlsSessions.sessionId(session));
	}

	@Override
	public Flux<DataBuffer> getBody() {
		return Flux.from(body());
	}

	private synchronized RequestBodyPublisher body() {
		if (this.body == null) {
			ByteBufferPool pool = this.exchange.getConnection().getByteBufferPool();
			this.body = new RequestBodyPublisher(this.exchange, pool, this.bufferFactory, "[" + getId() + "] ",
					this.call);
		}
		return this.body;
	}

	@Override
	@SuppressWarnings("unchecked")
	public <T> T getNativeRequest() {
		return (T) this.exchange;
	}

}
