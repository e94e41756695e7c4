package dev.undertide.servlet;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UnsupportedEncodingException;
import java.net.InetSocketAddress;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.security.Principal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Date;
import java.util.Enumeration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.undertide.server.RequestIdHandler;
import dev.undertide.server.TlsSessions;
import dev.undertide.servlet.mapping.PathMatch;
import dev.undertide.servlet.session.InMemorySession;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.SSLSessionInfo;
import io.undertow.util.DateUtils;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.LocaleUtils;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletConnection;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.SessionTrackingMode;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpUpgradeHandler;
import jakarta.servlet.http.MappingMatch;
import jakarta.servlet.http.Part;
import org.jspecify.annotations.Nullable;

/**
 * The {@link HttpServletRequest} of one exchange, as the target servlet of the original dispatch sees it.
 * Forwards, includes and error dispatches wrap it in a {@link DispatchedRequest}.
 */
final class UndertideHttpServletRequest implements HttpServletRequest {

	private static final String FORM_CONTENT_TYPE = "application/x-www-form-urlencoded";

	private static final String TLS_ATTRIBUTE_PREFIX = "jakarta.servlet.request.";

	private final HttpServerExchange exchange;

	private final UndertideServletContext context;

	private final PathMatch<ManagedServlet> match;

	private @Nullable UndertideHttpServletResponse response;

	private @Nullable ServletCall call;

	private @Nullable Map<String, Object> attributes;

	private @Nullable Map<String, String[]> parameters;

	private @Nullable String characterEncoding;

	private @Nullable RequestInputStream inputStream;

	private @Nullable BufferedReader reader;

	private @Nullable Cookie[] cookies;

	private @Nullable List<io.undertow.server.handlers.Cookie> requestCookies;

	private @Nullable List<Locale> locales;

	private @Nullable InMemorySession session;

	private @Nullable List<UploadedPart> parts;

	/** Why parsing the parts failed; later calls fail the same way, as the body cannot be read twice. */
	private @Nullable Exception partsFailure;

	private boolean asyncSupported;

	UndertideHttpServletRequest(HttpServerExchange exchange, UndertideServletContext context,
			PathMatch<ManagedServlet> match) {
		this.exchange = exchange;
		this.context = context;
		this.match = match;
	}

	void setResponse(UndertideHttpServletResponse response) {
		this.response = response;
	}

	void setCall(ServletCall call) {
		this.call = call;
	}

	void setAsyncSupported(boolean asyncSupported) {
		this.asyncSupported = asyncSupported;
	}

	String getServletName() {
		return this.match.target().getName();
	}

	// Paths

	@Override
	public String getMethod() {
		return this.exchange.getRequestMethod().toString();
	}

	@Override
	public String getRequestURI() {
		String uri = this.exchange.getRequestURI();
		if (this.exchange.isHostIncludedInRequestURI()) {
			int authority = uri.indexOf("//");
			int path = (authority >= 0) ? uri.indexOf('/', authority + 2) : -1;
			return (path >= 0) ? uri.substring(path) : "/";
		}
		return uri;
	}

	@Override
	public StringBuffer getRequestURL() {
		StringBuffer url = new StringBuffer(64);
		String scheme = getScheme();
		int port = getServerPort();
		url.append(scheme).append("://").append(getServerName());
		if (!("http".equals(scheme) && port == 80) && !("https".equals(scheme) && port == 443)) {
			url.append(':').append(port);
		}
		return url.append(getRequestURI());
	}

	@Override
	public String getContextPath() {
		return this.context.getContextPath();
	}

	@Override
	public String getServletPath() {
		return this.match.servletPath();
	}

	@Override
	public @Nullable String getPathInfo() {
		return this.match.pathInfo();
	}

	@Override
	public @Nullable String getPathTranslated() {
		String pathInfo = getPathInfo();
		return (pathInfo != null) ? this.context.getRealPath(pathInfo) : null;
	}

	@Override
	public @Nullable String getQueryString() {
		String query = this.exchange.getQueryString();
		return (query == null || query.isEmpty()) ? null : query;
	}

	@Override
	public HttpServletMapping getHttpServletMapping() {
		return mappingOf(this.match);
	}

	static HttpServletMapping mappingOf(PathMatch<ManagedServlet> match) {
		return new HttpServletMapping() {

			@Override
			public String getMatchValue() {
				return match.matchValue();
			}

			@Override
			public String getPattern() {
				return match.pattern();
			}

			@Override
			public String getServletName() {
				return match.target().getName();
			}

			@Override
			public MappingMatch getMappingMatch() {
				return match.mappingMatch();
			}

		};
	}

	@Override
	public @Nullable RequestDispatcher getRequestDispatcher(String path) {
		return this.context.getRequestDispatcher(
				ContainerRequestDispatcher.resolve(path, getServletPath(), getPathInfo()));
	}

	@Override
	public DispatcherType getDispatcherType() {
		return DispatcherType.REQUEST;
	}

	// Headers

	// Looked up by HttpString: a String name costs a copy of its bytes on every lookup, while the well-known
	// names resolve to undertow's constants, whose hash is precomputed.

	@Override
	public @Nullable String getHeader(String name) {
		return this.exchange.getRequestHeaders().getFirst(HttpString.tryFromString(name));
	}

	@Override
	public Enumeration<String> getHeaders(String name) {
		HeaderValues values = this.exchange.getRequestHeaders().get(HttpString.tryFromString(name));
		return (values != null) ? Collections.enumeration(values) : Collections.emptyEnumeration();
	}

	@Override
	public Enumeration<String> getHeaderNames() {
		List<String> names = new ArrayList<>();
		for (HttpString name : this.exchange.getRequestHeaders().getHeaderNames()) {
			names.add(name.toString());
		}
		return Collections.enumeration(names);
	}

	@Override
	public int getIntHeader(String name) {
		String value = getHeader(name);
		return (value != null) ? Integer.parseInt(value.trim()) : -1;
	}

	@Override
	public long getDateHeader(String name) {
		String value = getHeader(name);
		if (value == null) {
			return -1;
		}
		Date date = DateUtils.parseDate(value);
		if (date == null) {
			throw new IllegalArgumentException("Header " + name + " is not an HTTP date: " + value);
		}
		return date.getTime();
	}

	@Override
	public @Nullable String getContentType() {
		return getHeader("Content-Type");
	}

	@Override
	public int getContentLength() {
		long length = getContentLengthLong();
		return (length > Integer.MAX_VALUE) ? -1 : (int) length;
	}

	@Override
	public long getContentLengthLong() {
		String value = getHeader("Content-Length");
		if (value == null) {
			return -1;
		}
		try {
			return Long.parseLong(value.trim());
		}
		catch (NumberFormatException ex) {
			return -1;
		}
	}

	@Override
	public @Nullable Cookie[] getCookies() {
		if (this.cookies == null) {
			List<Cookie> parsed = new ArrayList<>();
			for (io.undertow.server.handlers.Cookie cookie : requestCookies()) {
				try {
					Cookie servletCookie = new Cookie(cookie.getName(), cookie.getValue());
					parsed.add(servletCookie);
				}
				catch (IllegalArgumentException ex) {
					// A cookie name the Servlet API refuses is skipped, as other containers do.
				}
			}
			this.cookies = parsed.toArray(new Cookie[0]);
		}
		return (this.cookies.length > 0) ? this.cookies.clone() : null;
	}

	/**
	 * undertow's parsed cookies, collected once; more than {@code MAX_COOKIES}, or a Cookie header that
	 * cannot be parsed, is a bad request.
	 */
	private List<io.undertow.server.handlers.Cookie> requestCookies() {
		if (this.requestCookies != null) {
			return this.requestCookies;
		}
		List<io.undertow.server.handlers.Cookie> cookies = new ArrayList<>();
		try {
			this.exchange.requestCookies().forEach(cookies::add);
		}
		catch (IllegalStateException ex) {
			throw new BadRequestException(ex.getMessage(), ex);
		}
		catch (IllegalArgumentException ex) {
			// undertow parses the Cookie header only now, and refuses control characters in it.
			throw new BadRequestException("The Cookie header cannot be parsed: " + ex.getMessage(), ex);
		}
		int limit = this.exchange.getConnection()
			.getUndertowOptions()
			.get(UndertowOptions.MAX_COOKIES, UndertowOptions.DEFAULT_MAX_COOKIES);
		if (cookies.size() > limit) {
			throw new BadRequestException(
					"The request has " + cookies.size() + " cookies; at most " + limit + " are allowed");
		}
		this.requestCookies = cookies;
		return cookies;
	}

	// Character encoding and locale

	@Override
	public @Nullable String getCharacterEncoding() {
		if (this.characterEncoding != null) {
			return this.characterEncoding;
		}
		String contentType = getContentType();
		if (contentType != null) {
			String charset = Headers.extractQuotedValueFromHeader(contentType, "charset");
			if (charset != null) {
				return charset;
			}
		}
		return this.context.getRequestCharacterEncoding();
	}

	@Override
	public void setCharacterEncoding(String encoding) throws UnsupportedEncodingException {
		if (this.reader != null || this.parameters != null) {
			return;
		}
		charsetOf(encoding);
		this.characterEncoding = encoding;
	}

	@Override
	public void setCharacterEncoding(Charset encoding) {
		if (this.reader == null && this.parameters == null) {
			this.characterEncoding = encoding.name();
		}
	}

	private Charset bodyCharset() {
		String encoding = getCharacterEncoding();
		if (encoding == null) {
			return StandardCharsets.ISO_8859_1;
		}
		try {
			return charsetOf(encoding);
		}
		catch (UnsupportedEncodingException ex) {
			return StandardCharsets.ISO_8859_1;
		}
	}

	private static Charset charsetOf(String encoding) throws UnsupportedEncodingException {
		try {
			return Charset.forName(encoding);
		}
		catch (IllegalCharsetNameException | UnsupportedCharsetException ex) {
			throw new UnsupportedEncodingException(encoding);
		}
	}

	@Override
	public Locale getLocale() {
		return locales().get(0);
	}

	@Override
	public Enumeration<Locale> getLocales() {
		return Collections.enumeration(locales());
	}

	private List<Locale> locales() {
		if (this.locales == null) {
			HeaderValues acceptLanguage = this.exchange.getRequestHeaders().get(Headers.ACCEPT_LANGUAGE);
			List<Locale> parsed = (acceptLanguage != null) ? LocaleUtils.getLocalesFromHeader(acceptLanguage)
					: List.of();
			this.locales = parsed.isEmpty() ? List.of(Locale.getDefault()) : parsed;
		}
		return this.locales;
	}

	// Body

	@Override
	public ServletInputStream getInputStream() {
		if (this.reader != null) {
			throw new IllegalStateException("getReader() has already been called for this request");
		}
		return inputStream();
	}

	/** Whether reading the body failed because it is larger than the server allows. */
	boolean isBodyOverSizeLimit() {
		return this.inputStream != null && this.inputStream.isOverSizeLimit();
	}

	private RequestInputStream inputStream() {
		if (this.inputStream == null) {
			this.inputStream = new RequestInputStream(this.exchange);
			this.inputStream.setCall(this.call);
		}
		return this.inputStream;
	}

	@Override
	public BufferedReader getReader() {
		if (this.reader == null) {
			if (this.inputStream != null) {
				throw new IllegalStateException("getInputStream() has already been called for this request");
			}
			this.reader = new BufferedReader(new InputStreamReader(inputStream(), bodyCharset()));
		}
		return this.reader;
	}

	// Parameters

	@Override
	public @Nullable String getParameter(String name) {
		String[] values = parameters().get(name);
		return (values != null) ? values[0] : null;
	}

	@Override
	public Enumeration<String> getParameterNames() {
		return Collections.enumeration(parameters().keySet());
	}

	@Override
	public String @Nullable [] getParameterValues(String name) {
		String[] values = parameters().get(name);
		return (values != null) ? values.clone() : null;
	}

	@Override
	public Map<String, String[]> getParameterMap() {
		return Collections.unmodifiableMap(parameters());
	}

	/** Query parameters first, then those of a form body not yet read by the application. */
	private Map<String, String[]> parameters() {
		if (this.parameters == null) {
			Map<String, List<String>> collected = new LinkedHashMap<>();
			String query = this.exchange.getQueryString();
			if (query != null && !query.isEmpty()) {
				FormParameters.parse(query, urlCharset(), collected);
			}
			if (hasUnreadFormBody()) {
				FormParameters.parse(readBody(), bodyCharset(), collected);
			}
			else if (isMultipart() && this.match.target().getMultipartConfig() != null) {
				addTextParts(collected);
			}
			int limit = this.exchange.getConnection()
				.getUndertowOptions()
				.get(UndertowOptions.MAX_PARAMETERS, UndertowOptions.DEFAULT_MAX_PARAMETERS);
			int count = collected.values().stream().mapToInt(List::size).sum();
			if (count > limit) {
				throw BadRequestException.tooManyParameters(count, limit);
			}
			Map<String, String[]> parameters = new LinkedHashMap<>();
			collected.forEach((name, values) -> parameters.put(name, values.toArray(new String[0])));
			this.parameters = parameters;
		}
		return this.parameters;
	}

	private void addTextParts(Map<String, List<String>> parameters) {
		try {
			for (UploadedPart part : parts()) {
				String text = part.textValue();
				if (text != null) {
					parameters.computeIfAbsent(part.getName(), (key) -> new ArrayList<>(1)).add(text);
				}
			}
		}
		catch (IOException | ServletException ex) {
			throw new IllegalStateException("The multipart body could not be parsed: " + ex.getMessage(), ex);
		}
	}

	private boolean isMultipart() {
		String contentType = getContentType();
		return contentType != null && contentType.regionMatches(true, 0, "multipart/form-data", 0, 19);
	}

	private Charset urlCharset() {
		String charset = this.exchange.getConnection().getUndertowOptions().get(UndertowOptions.URL_CHARSET, "UTF-8");
		return Charset.forName(charset);
	}

	private boolean hasUnreadFormBody() {
		String contentType = getContentType();
		return this.inputStream == null && this.reader == null && contentType != null
				&& contentType.regionMatches(true, 0, FORM_CONTENT_TYPE, 0, FORM_CONTENT_TYPE.length())
				&& !"GET".equals(getMethod());
	}

	private String readBody() {
		try {
			return new String(inputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Reading the form body failed", ex);
		}
	}

	// Attributes

	@Override
	public @Nullable Object getAttribute(String name) {
		Object value = (this.attributes != null) ? this.attributes.get(name) : null;
		return (value != null || !name.startsWith(TLS_ATTRIBUTE_PREFIX)) ? value : tlsAttribute(name);
	}

	/** The attributes the Servlet specification gives a request that came over TLS. */
	private @Nullable Object tlsAttribute(String name) {
		SSLSessionInfo session = this.exchange.getConnection().getSslSessionInfo();
		if (session == null) {
			return null;
		}
		return switch (name) {
			case "jakarta.servlet.request.X509Certificate" -> TlsSessions.clientCertificates(session);
			case "jakarta.servlet.request.cipher_suite" -> session.getCipherSuite();
			case "jakarta.servlet.request.key_size" -> session.getKeySize();
			case "jakarta.servlet.request.ssl_session_id" -> TlsSessions.sessionId(session);
			case "jakarta.servlet.request.secure_protocol" -> session.getSecureProtocol();
			default -> null;
		};
	}

	@Override
	public Enumeration<String> getAttributeNames() {
		return (this.attributes != null) ? Collections.enumeration(new ArrayList<>(this.attributes.keySet()))
				: Collections.emptyEnumeration();
	}

	@Override
	public void setAttribute(String name, @Nullable Object value) {
		if (name == null) {
			throw new IllegalArgumentException("Attribute name must not be null");
		}
		if (value == null) {
			removeAttribute(name);
			return;
		}
		if (this.attributes == null) {
			this.attributes = new ConcurrentHashMap<>();
		}
		this.attributes.put(name, value);
	}

	@Override
	public void removeAttribute(String name) {
		if (this.attributes != null) {
			this.attributes.remove(name);
		}
	}

	// Connection

	@Override
	public String getProtocol() {
		return this.exchange.getProtocol().toString();
	}

	@Override
	public String getScheme() {
		return this.exchange.getRequestScheme();
	}

	@Override
	public boolean isSecure() {
		return this.exchange.isSecure();
	}

	@Override
	public String getServerName() {
		return this.exchange.getHostName();
	}

	@Override
	public int getServerPort() {
		return this.exchange.getHostPort();
	}

	@Override
	public String getRemoteAddr() {
		InetSocketAddress address = this.exchange.getSourceAddress();
		return (address != null && address.getAddress() != null) ? address.getAddress().getHostAddress() : "";
	}

	@Override
	public String getRemoteHost() {
		InetSocketAddress address = this.exchange.getSourceAddress();
		return (address != null) ? address.getHostString() : "";
	}

	@Override
	public int getRemotePort() {
		InetSocketAddress address = this.exchange.getSourceAddress();
		return (address != null) ? address.getPort() : 0;
	}

	@Override
	public String getLocalAddr() {
		InetSocketAddress address = this.exchange.getDestinationAddress();
		return (address != null && address.getAddress() != null) ? address.getAddress().getHostAddress() : "";
	}

	@Override
	public String getLocalName() {
		InetSocketAddress address = this.exchange.getDestinationAddress();
		return (address != null) ? address.getHostString() : "";
	}

	@Override
	public int getLocalPort() {
		InetSocketAddress address = this.exchange.getDestinationAddress();
		return (address != null) ? address.getPort() : 0;
	}

	@Override
	public ServletContext getServletContext() {
		return this.context;
	}

	@Override
	public String getRequestId() {
		return RequestIdHandler.requestId(this.exchange);
	}

	@Override
	public String getProtocolRequestId() {
		return "";
	}

	@Override
	public ServletConnection getServletConnection() {
		String connectionId = Integer.toHexString(System.identityHashCode(this.exchange.getConnection()));
		String protocol = getProtocol().toLowerCase(Locale.ROOT);
		boolean secure = isSecure();
		return new ServletConnection() {

			@Override
			public String getConnectionId() {
				return connectionId;
			}

			@Override
			public String getProtocol() {
				return protocol;
			}

			@Override
			public String getProtocolConnectionId() {
				return "";
			}

			@Override
			public boolean isSecure() {
				return secure;
			}

		};
	}

	@Override
	public Map<String, String> getTrailerFields() {
		return Map.of();
	}

	@Override
	public boolean isTrailerFieldsReady() {
		return true;
	}

	// Sessions

	@Override
	public @Nullable HttpSession getSession(boolean create) {
		if (this.session != null && this.context.sessionManager().find(this.session.getId()) == this.session) {
			return this.session;
		}
		String requestedId = getRequestedSessionId();
		InMemorySession found = (requestedId != null) ? this.context.sessionManager().find(requestedId) : null;
		if (found != null) {
			this.context.sessionManager().access(found);
			this.session = found;
			return found;
		}
		if (!create) {
			return null;
		}
		UndertideHttpServletResponse response = response();
		if (response.isCommitted()) {
			throw new IllegalStateException("Cannot create a session after the response has been committed");
		}
		this.session = this.context.sessionManager().create();
		response.addSessionCookie(this.session.getId());
		return this.session;
	}

	@Override
	public HttpSession getSession() {
		HttpSession session = getSession(true);
		if (session == null) {
			throw new IllegalStateException("No session could be created");
		}
		return session;
	}

	@Override
	public String changeSessionId() {
		HttpSession current = getSession(false);
		if (!(current instanceof InMemorySession session)) {
			throw new IllegalStateException("This request has no session whose id could change");
		}
		String newId = this.context.sessionManager().changeSessionId(session);
		response().addSessionCookie(newId);
		return newId;
	}

	@Override
	public @Nullable String getRequestedSessionId() {
		String fromCookie = sessionIdFromCookie();
		return (fromCookie != null) ? fromCookie : sessionIdFromUrl();
	}

	private @Nullable String sessionIdFromCookie() {
		if (!this.context.getEffectiveSessionTrackingModes().contains(SessionTrackingMode.COOKIE)) {
			return null;
		}
		String name = this.context.sessionCookieSettings().getName();
		for (io.undertow.server.handlers.Cookie cookie : requestCookies()) {
			if (cookie.getName().equals(name)) {
				return cookie.getValue();
			}
		}
		return null;
	}

	private @Nullable String sessionIdFromUrl() {
		if (!this.context.getEffectiveSessionTrackingModes().contains(SessionTrackingMode.URL)) {
			return null;
		}
		String name = this.context.sessionCookieSettings().getName().toLowerCase(Locale.ROOT);
		var values = this.exchange.getPathParameters().get(name);
		return (values != null && !values.isEmpty()) ? values.getFirst() : null;
	}

	@Override
	public boolean isRequestedSessionIdValid() {
		String requestedId = getRequestedSessionId();
		return requestedId != null && this.context.sessionManager().find(requestedId) != null;
	}

	@Override
	public boolean isRequestedSessionIdFromCookie() {
		return sessionIdFromCookie() != null;
	}

	@Override
	public boolean isRequestedSessionIdFromURL() {
		return sessionIdFromCookie() == null && sessionIdFromUrl() != null;
	}

	private UndertideHttpServletResponse response() {
		UndertideHttpServletResponse response = this.response;
		if (response == null) {
			throw new IllegalStateException("The request has no response yet");
		}
		return response;
	}

	// Security: no container authentication mechanism; applications use filters (Spring Security).

	@Override
	public @Nullable String getAuthType() {
		return null;
	}

	@Override
	public @Nullable String getRemoteUser() {
		return null;
	}

	@Override
	public boolean isUserInRole(String role) {
		return false;
	}

	@Override
	public @Nullable Principal getUserPrincipal() {
		return null;
	}

	@Override
	public boolean authenticate(HttpServletResponse response) throws ServletException {
		throw new ServletException("Undertide has no container authentication mechanism configured");
	}

	@Override
	public void login(String username, String password) throws ServletException {
		throw new ServletException("Undertide has no container authentication mechanism configured");
	}

	@Override
	public void logout() {
	}

	// Async, multipart and upgrade

	@Override
	public boolean isAsyncStarted() {
		return this.call != null && this.call.isAsyncStarted();
	}

	@Override
	public boolean isAsyncSupported() {
		return this.asyncSupported;
	}

	@Override
	public AsyncContext startAsync() {
		return startAsync(this, response(), true);
	}

	@Override
	public AsyncContext startAsync(ServletRequest servletRequest, ServletResponse servletResponse) {
		return startAsync(servletRequest, servletResponse,
				servletRequest == this && ContainerRequestDispatcher.unwrap(servletResponse) == this.response);
	}

	private AsyncContext startAsync(ServletRequest servletRequest, ServletResponse servletResponse,
			boolean original) {
		if (!this.asyncSupported) {
			throw new IllegalStateException("A filter or servlet of this request does not support async "
					+ "processing; mark each of them asyncSupported");
		}
		ServletCall call = this.call;
		if (call == null) {
			throw new IllegalStateException("The request is not being dispatched");
		}
		ServletAsyncContext async = call.asyncContext(new ServletAsyncContext(call, servletRequest, servletResponse));
		async.start(servletRequest, servletResponse, original);
		return async;
	}

	@Override
	public AsyncContext getAsyncContext() {
		ServletAsyncContext async = (this.call != null) ? this.call.asyncContext() : null;
		if (async == null || !async.isStarted()) {
			throw new IllegalStateException("Async processing has not been started for this request");
		}
		return async;
	}

	@Override
	public Collection<Part> getParts() throws IOException, ServletException {
		return new ArrayList<>(parts());
	}

	@Override
	public @Nullable Part getPart(String name) throws IOException, ServletException {
		for (UploadedPart part : parts()) {
			if (part.getName().equals(name)) {
				return part;
			}
		}
		return null;
	}

	private List<UploadedPart> parts() throws IOException, ServletException {
		if (this.partsFailure instanceof IOException ioFailure) {
			throw ioFailure;
		}
		if (this.partsFailure instanceof ServletException servletFailure) {
			throw servletFailure;
		}
		if (this.parts == null) {
			MultipartConfigElement config = this.match.target().getMultipartConfig();
			if (config == null) {
				throw new IllegalStateException("Servlet '" + getServletName()
						+ "' has no multipart configuration; register it with a MultipartConfigElement");
			}
			if (!isMultipart()) {
				throw new ServletException("The request is not multipart/form-data");
			}
			try {
				this.parts = MultipartParts.parse(this.exchange, config, this.context.tempDirectory(),
						getCharacterEncoding());
			}
			catch (IOException | ServletException ex) {
				this.partsFailure = ex;
				throw ex;
			}
		}
		return this.parts;
	}

	@Override
	public <T extends HttpUpgradeHandler> T upgrade(Class<T> handlerClass) throws ServletException {
		throw new ServletException("Undertide does not support HTTP upgrade");
	}

}
