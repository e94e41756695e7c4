package dev.undertide.server;

import io.undertow.attribute.ExchangeAttribute;
import io.undertow.attribute.ExchangeAttributeBuilder;
import io.undertow.attribute.ReadOnlyAttributeException;
import io.undertow.server.HttpServerExchange;
import org.jspecify.annotations.Nullable;

/**
 * The access log token {@code %{REQUEST_ID}}: the id {@link RequestIdHandler} gave the request, the one
 * the application sees. Its {@link Builder} is registered with undertow's attribute parser as a service.
 */
public final class RequestIdAttribute implements ExchangeAttribute {

	public static final String TOKEN = "%{REQUEST_ID}";

	private static final RequestIdAttribute INSTANCE = new RequestIdAttribute();

	private RequestIdAttribute() {
	}

	@Override
	public String readAttribute(HttpServerExchange exchange) {
		return RequestIdHandler.requestId(exchange);
	}

	@Override
	public void writeAttribute(HttpServerExchange exchange, String newValue) throws ReadOnlyAttributeException {
		throw new ReadOnlyAttributeException("Request id", newValue);
	}

	@Override
	public String toString() {
		return TOKEN;
	}

	/** Builds the attribute for its token, found by undertow through {@link java.util.ServiceLoader}. */
	public static final class Builder implements ExchangeAttributeBuilder {

		@Override
		public String name() {
			return "Request id";
		}

		@Override
		public @Nullable ExchangeAttribute build(String token) {
			return TOKEN.equals(token) ? INSTANCE : null;
		}

		@Override
		public int priority() {
			return 0;
		}

	}

}
