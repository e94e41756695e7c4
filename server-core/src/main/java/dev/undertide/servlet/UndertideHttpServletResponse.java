package dev.undertide.servlet;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.StatusCodes;
import io.undertow.server.protocol.http.HttpAttachments;
import io.undertow.util.DateUtils;
import io.undertow.util.HeaderMap;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.SessionTrackingMode;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

/**
 * The {@link HttpServletResponse} of one exchange. Headers go straight into undertow's response headers;
 * the body goes through a {@link ResponseOutputStream} that buffers until the response commits.
 */
final class UndertideHttpServletResponse implements HttpServletResponse {

	private static final String CONTENT_TYPE = "Content-Type";

	private static final String CONTENT_LENGTH = "Content-Length";

	private final HttpServerExchange exchange;

	private final UndertideServletContext context;

	private final UndertideHttpServletRequest request;

	private final ResponseOutputStream output;

	private @Nullable PrintWriter writer;

	private @Nullable EncodingWriter encodingWriter;

	private boolean outputStreamUsed;

	private @Nullable String contentType;

	private @Nullable String characterEncoding;

	private @Nullable Locale locale;

	private boolean errorSent;

	private @Nullable String errorMessage;

	UndertideHttpServletResponse(HttpServerExchange exchange, UndertideServletContext context,
			UndertideHttpServletRequest request) {
		this.exchange = exchange;
		this.context = context;
		this.request = request;
		this.output = new ResponseOutputStream(exchange, context.responseBufferSize());
	}

	/**
	 * Ends the response by closing the body. The writer keeps nothing of its own to flush, and flushing
	 * it would commit the response before the body's length is known.
	 */
	void finish() throws IOException {
		this.output.close();
	}

	void setCall(ServletCall call) {
		this.output.setCall(call);
	}

	/** The client went away; the application's later writes fail with this reason. */
	void clientGone(IOException reason) {
		this.output.clientGone(reason);
	}

	boolean isErrorSent() {
		return this.errorSent;
	}

	@Nullable String getErrorMessage() {
		return this.errorMessage;
	}

	/** Clears the error state and the buffer so an error page can write the body. */
	void prepareErrorPage(int status) {
		this.errorSent = false;
		this.output.setSuspended(false);
		resetBuffer();
		this.exchange.setStatusCode(status);
	}

	void addSessionCookie(String sessionId) {
		Cookie cookie = this.context.sessionCookieSettings().createCookie(sessionId, this.context.getContextPath());
		addCookie(cookie);
	}

	// Status

	@Override
	public void setStatus(int status) {
		if (!isCommitted()) {
			this.exchange.setStatusCode(status);
		}
	}

	@Override
	public int getStatus() {
		return this.exchange.getStatusCode();
	}

	@Override
	public void sendError(int status, @Nullable String message) throws IOException {
		if (isCommitted()) {
			throw new IllegalStateException("Cannot send an error after the response has been committed");
		}
		resetBuffer();
		// A framework that saw the body read fail calls it a bad request; the server knows it was too large.
		boolean tooLarge = status == StatusCodes.BAD_REQUEST && this.request.isBodyOverSizeLimit();
		this.exchange.setStatusCode(tooLarge ? StatusCodes.REQUEST_ENTITY_TOO_LARGE : status);
		this.errorSent = true;
		this.errorMessage = message;
		this.output.setSuspended(true);
	}

	@Override
	public void sendError(int status) throws IOException {
		sendError(status, null);
	}

	@Override
	public void sendRedirect(String location, int status, boolean clearBuffer) throws IOException {
		if (isCommitted()) {
			throw new IllegalStateException("Cannot redirect after the response has been committed");
		}
		if (clearBuffer) {
			resetBuffer();
		}
		this.exchange.setStatusCode(status);
		setHeader("Location", ContainerRequestDispatcher.resolveRedirect(location, this.request.getRequestURI()));
		if (clearBuffer) {
			this.output.setSuspended(true);
		}
	}

	// Headers

	@Override
	public void setHeader(String name, @Nullable String value) {
		if (isCommitted() || name == null) {
			return;
		}
		if (setSpecialHeader(name, value)) {
			return;
		}
		if (value == null) {
			this.exchange.getResponseHeaders().remove(HttpString.tryFromString(name));
		}
		else {
			this.exchange.getResponseHeaders().put(HttpString.tryFromString(name), value);
		}
	}

	@Override
	public void addHeader(String name, @Nullable String value) {
		if (isCommitted() || name == null || value == null) {
			return;
		}
		if (!setSpecialHeader(name, value)) {
			this.exchange.getResponseHeaders().add(HttpString.tryFromString(name), value);
		}
	}

	/** Content-Type and Content-Length go through their own setters so the typed state stays in step. */
	private boolean setSpecialHeader(String name, @Nullable String value) {
		if (CONTENT_TYPE.equalsIgnoreCase(name)) {
			setContentType(value);
			return true;
		}
		if (CONTENT_LENGTH.equalsIgnoreCase(name)) {
			if (value == null) {
				this.exchange.getResponseHeaders().remove(Headers.CONTENT_LENGTH);
			}
			else {
				setContentLengthLong(Long.parseLong(value.trim()));
			}
			return true;
		}
		return false;
	}

	@Override
	public void setIntHeader(String name, int value) {
		setHeader(name, Integer.toString(value));
	}

	@Override
	public void addIntHeader(String name, int value) {
		addHeader(name, Integer.toString(value));
	}

	@Override
	public void setDateHeader(String name, long date) {
		setHeader(name, DateUtils.toDateString(new Date(date)));
	}

	@Override
	public void addDateHeader(String name, long date) {
		addHeader(name, DateUtils.toDateString(new Date(date)));
	}

	// Looked up by HttpString: a String name costs a copy of its bytes on every lookup, while the well-known
	// names resolve to undertow's constants, whose hash is precomputed.

	@Override
	public boolean containsHeader(String name) {
		return this.exchange.getResponseHeaders().contains(HttpString.tryFromString(name));
	}

	@Override
	public @Nullable String getHeader(String name) {
		return this.exchange.getResponseHeaders().getFirst(HttpString.tryFromString(name));
	}

	@Override
	public Collection<String> getHeaders(String name) {
		HeaderValues values = this.exchange.getResponseHeaders().get(HttpString.tryFromString(name));
		return (values != null) ? new ArrayList<>(values) : List.of();
	}

	@Override
	public Collection<String> getHeaderNames() {
		Set<String> names = new LinkedHashSet<>();
		for (HttpString name : this.exchange.getResponseHeaders().getHeaderNames()) {
			names.add(name.toString());
		}
		return names;
	}

	@Override
	public void addCookie(Cookie cookie) {
		if (!isCommitted()) {
			this.exchange.getResponseHeaders()
				.add(Headers.SET_COOKIE, SetCookieHeader.format(cookie, this.context.cookieSameSitePolicy()));
		}
	}

	@Override
	public void setTrailerFields(Supplier<Map<String, String>> supplier) {
		if (isCommitted()) {
			throw new IllegalStateException("Trailer fields must be set before the response is committed");
		}
		this.exchange.putAttachment(HttpAttachments.RESPONSE_TRAILER_SUPPLIER, () -> {
			HeaderMap trailers = new HeaderMap();
			supplier.get().forEach((name, value) -> trailers.put(HttpString.tryFromString(name), value));
			return trailers;
		});
	}

	@Override
	public Supplier<Map<String, String>> getTrailerFields() {
		return Map::of;
	}

	// Content type, encoding and locale

	@Override
	public void setContentType(@Nullable String type) {
		if (isCommitted()) {
			return;
		}
		if (type == null) {
			this.contentType = null;
			if (this.writer == null) {
				this.characterEncoding = null;
			}
			this.exchange.getResponseHeaders().remove(Headers.CONTENT_TYPE);
			return;
		}
		int semicolon = type.indexOf(';');
		this.contentType = (semicolon >= 0) ? type.substring(0, semicolon).trim() : type.trim();
		String charset = Headers.extractQuotedValueFromHeader(type, "charset");
		if (charset != null && this.writer == null) {
			this.characterEncoding = charset;
		}
		updateContentTypeHeader();
	}

	@Override
	public @Nullable String getContentType() {
		if (this.contentType == null) {
			return null;
		}
		return (this.characterEncoding != null) ? this.contentType + ";charset=" + this.characterEncoding
				: this.contentType;
	}

	private void updateContentTypeHeader() {
		String value = getContentType();
		if (value != null) {
			this.exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, value);
		}
	}

	@Override
	public void setCharacterEncoding(@Nullable String encoding) {
		if (isCommitted() || this.writer != null) {
			return;
		}
		this.characterEncoding = encoding;
		updateContentTypeHeader();
	}

	@Override
	public String getCharacterEncoding() {
		if (this.characterEncoding != null) {
			return this.characterEncoding;
		}
		String contextEncoding = this.context.getResponseCharacterEncoding();
		if (contextEncoding != null) {
			return contextEncoding;
		}
		Charset localeCharset = (this.locale != null) ? this.context.charsetFor(this.locale) : null;
		return (localeCharset != null) ? localeCharset.name() : StandardCharsets.ISO_8859_1.name();
	}

	@Override
	public void setLocale(@Nullable Locale locale) {
		if (isCommitted() || locale == null) {
			return;
		}
		this.locale = locale;
		this.exchange.getResponseHeaders().put(Headers.CONTENT_LANGUAGE, locale.toLanguageTag());
		if (this.characterEncoding == null && this.writer == null) {
			Charset charset = this.context.charsetFor(locale);
			if (charset != null) {
				this.characterEncoding = charset.name();
				updateContentTypeHeader();
			}
		}
	}

	@Override
	public Locale getLocale() {
		return (this.locale != null) ? this.locale : Locale.getDefault();
	}

	@Override
	public void setContentLength(int length) {
		setContentLengthLong(length);
	}

	@Override
	public void setContentLengthLong(long length) {
		if (isCommitted()) {
			return;
		}
		if (length < 0) {
			this.exchange.getResponseHeaders().remove(Headers.CONTENT_LENGTH);
		}
		else {
			this.exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, length);
		}
	}

	// Body

	@Override
	public ServletOutputStream getOutputStream() {
		if (this.writer != null) {
			throw new IllegalStateException("getWriter() has already been called for this response");
		}
		this.outputStreamUsed = true;
		return this.output;
	}

	@Override
	public PrintWriter getWriter() {
		if (this.writer == null) {
			if (this.outputStreamUsed) {
				throw new IllegalStateException("getOutputStream() has already been called for this response");
			}
			String encoding = getCharacterEncoding();
			this.characterEncoding = encoding;
			updateContentTypeHeader();
			this.encodingWriter = new EncodingWriter(this.output, charsetOf(encoding));
			this.writer = new PrintWriter(this.encodingWriter, false);
		}
		return this.writer;
	}

	private static Charset charsetOf(String encoding) {
		try {
			return Charset.forName(encoding);
		}
		catch (IllegalCharsetNameException | UnsupportedCharsetException ex) {
			return StandardCharsets.ISO_8859_1;
		}
	}

	@Override
	public void setBufferSize(int size) {
		this.output.setBufferSize(size);
	}

	@Override
	public int getBufferSize() {
		return this.output.getBufferSize();
	}

	@Override
	public void flushBuffer() throws IOException {
		if (this.writer != null) {
			this.writer.flush();
		}
		else {
			this.output.flush();
		}
	}

	@Override
	public void resetBuffer() {
		this.output.resetBuffer();
		if (this.encodingWriter != null) {
			this.encodingWriter.reset();
		}
	}

	@Override
	public boolean isCommitted() {
		return this.output.isCommitted();
	}

	@Override
	public void reset() {
		resetBuffer();
		this.exchange.getResponseHeaders().clear();
		this.exchange.setStatusCode(200);
		this.contentType = null;
		this.characterEncoding = null;
		this.locale = null;
		this.writer = null;
		this.encodingWriter = null;
		this.outputStreamUsed = false;
		this.errorSent = false;
		this.output.setSuspended(false);
	}

	// URL rewriting: only when cookies are not used to track sessions.

	@Override
	public String encodeURL(String url) {
		Set<SessionTrackingMode> modes = this.context.getEffectiveSessionTrackingModes();
		var session = this.request.getSession(false);
		if (session == null || modes.contains(SessionTrackingMode.COOKIE) || !modes.contains(SessionTrackingMode.URL)) {
			return url;
		}
		String parameter = ";" + this.context.sessionCookieSettings().getName().toLowerCase(Locale.ROOT) + "="
				+ session.getId();
		int queryOrFragment = indexOfQueryOrFragment(url);
		return (queryOrFragment < 0) ? url + parameter
				: url.substring(0, queryOrFragment) + parameter + url.substring(queryOrFragment);
	}

	private static int indexOfQueryOrFragment(String url) {
		int query = url.indexOf('?');
		int fragment = url.indexOf('#');
		if (query < 0) {
			return fragment;
		}
		return (fragment < 0) ? query : Math.min(query, fragment);
	}

	@Override
	public String encodeRedirectURL(String url) {
		return encodeURL(url);
	}

}
