package dev.undertide.servlet;

import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executor;

import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.HttpContinueReadHandler;
import jakarta.servlet.ServletException;
import org.jspecify.annotations.Nullable;

/**
 * What to deploy: the context's settings and the {@link ServletContextStartup}s that register its
 * servlets, filters and listeners. {@link #deploy()} runs them and returns the running
 * {@link ServletContainer}.
 */
public final class ServletDeployment {

	private String contextPath = "";

	private String displayName = "application";

	private ClassLoader classLoader = ServletDeployment.class.getClassLoader();

	private final Map<String, String> initParameters = new LinkedHashMap<>();

	private final Map<String, String> mimeTypes = new LinkedHashMap<>();

	private final Map<Locale, Charset> localeCharsets = new LinkedHashMap<>();

	private final ErrorPages errorPages = new ErrorPages();

	private final List<ServletContextStartup> startups = new ArrayList<>();

	private @Nullable Path documentRoot;

	private int sessionTimeoutMinutes = 30;

	private boolean registerDefaultServlet;

	/** 16 KiB: what undertow's own servlet layer used, its I/O buffer size, on heaps of 128 MiB and more. */
	private int responseBufferSize = 16 * 1024;

	private boolean eagerFilterInit = true;

	private boolean preservePathOnForward;

	private @Nullable CookieSameSitePolicy cookieSameSitePolicy;

	private @Nullable Executor workerExecutor;

	/** The context path: empty for the root context, else {@code /name} without a trailing slash. */
	public ServletDeployment contextPath(String contextPath) {
		if (!contextPath.isEmpty() && (!contextPath.startsWith("/") || contextPath.endsWith("/"))) {
			throw new IllegalArgumentException(
					"Context path '" + contextPath + "' must be empty or start with '/' and not end with '/'");
		}
		this.contextPath = contextPath;
		return this;
	}

	public ServletDeployment displayName(String displayName) {
		this.displayName = displayName;
		return this;
	}

	public ServletDeployment classLoader(ClassLoader classLoader) {
		this.classLoader = classLoader;
		return this;
	}

	public ServletDeployment initParameter(String name, String value) {
		this.initParameters.put(name, value);
		return this;
	}

	/** Maps a file extension (without the dot) to a MIME type. */
	public ServletDeployment mimeType(String extension, String mimeType) {
		this.mimeTypes.put(extension.toLowerCase(Locale.ROOT), mimeType);
		return this;
	}

	public ServletDeployment localeCharset(Locale locale, Charset charset) {
		this.localeCharsets.put(locale, charset);
		return this;
	}

	public ErrorPages errorPages() {
		return this.errorPages;
	}

	public ServletDeployment startup(ServletContextStartup startup) {
		this.startups.add(startup);
		return this;
	}

	/** A directory whose files {@code getResource} and the default servlet can serve. */
	public ServletDeployment documentRoot(@Nullable Path documentRoot) {
		this.documentRoot = documentRoot;
		return this;
	}

	public ServletDeployment sessionTimeoutMinutes(int minutes) {
		this.sessionTimeoutMinutes = minutes;
		return this;
	}

	/** Whether unmapped paths are served as static resources; otherwise they are 404. */
	public ServletDeployment registerDefaultServlet(boolean registerDefaultServlet) {
		this.registerDefaultServlet = registerDefaultServlet;
		return this;
	}

	/**
	 * The default response buffer: a body that fits gets a {@code Content-Length}, a larger one is sent
	 * chunked.
	 */
	public ServletDeployment responseBufferSize(int bytes) {
		if (bytes < 0) {
			throw new IllegalArgumentException("Response buffer size must not be negative, was " + bytes);
		}
		this.responseBufferSize = bytes;
		return this;
	}

	/** Whether filters are initialised at start-up (the default), or each before its first request. */
	public ServletDeployment eagerFilterInit(boolean eagerFilterInit) {
		this.eagerFilterInit = eagerFilterInit;
		return this;
	}

	/**
	 * Whether a forwarded request keeps reporting the original request's URI and paths, instead of the
	 * target's as the Servlet specification says. The {@code jakarta.servlet.forward.*} attributes are set
	 * either way.
	 */
	public ServletDeployment preservePathOnForward(boolean preservePathOnForward) {
		this.preservePathOnForward = preservePathOnForward;
		return this;
	}

	public ServletDeployment cookieSameSitePolicy(@Nullable CookieSameSitePolicy policy) {
		this.cookieSameSitePolicy = policy;
		return this;
	}

	/** Where servlet code runs; by default undertow's worker pool. Never an I/O thread. */
	public ServletDeployment workerExecutor(@Nullable Executor executor) {
		this.workerExecutor = executor;
		return this;
	}

	/**
	 * Creates the context, runs the start-up code, notifies context listeners and initialises filters and
	 * load-on-startup servlets.
	 * @throws ServletException when any of them fails; the context is then stopped again
	 */
	public ServletContainer deploy() throws ServletException {
		UndertideServletContext context = new UndertideServletContext(this);
		try {
			context.start(this.startups);
		}
		catch (ServletException | RuntimeException ex) {
			context.stop();
			throw ex;
		}
		// 100 Continue goes out when the application first reads the body, never when it answers without it.
		ServletRequestHandler requests = new ServletRequestHandler(context, this.workerExecutor);
		return new ServletContainer(context, new HttpContinueReadHandler(requests), requests::refuse);
	}

	String getContextPath() {
		return this.contextPath;
	}

	String getDisplayName() {
		return this.displayName;
	}

	ClassLoader getClassLoader() {
		return this.classLoader;
	}

	Map<String, String> getInitParameters() {
		return this.initParameters;
	}

	Map<String, String> getMimeTypes() {
		return this.mimeTypes;
	}

	Map<Locale, Charset> getLocaleCharsets() {
		return this.localeCharsets;
	}

	ErrorPages getErrorPages() {
		return this.errorPages;
	}

	@Nullable Path getDocumentRoot() {
		return this.documentRoot;
	}

	int getSessionTimeoutMinutes() {
		return this.sessionTimeoutMinutes;
	}

	boolean isRegisterDefaultServlet() {
		return this.registerDefaultServlet;
	}

	boolean isEagerFilterInit() {
		return this.eagerFilterInit;
	}

	boolean isPreservePathOnForward() {
		return this.preservePathOnForward;
	}

	int getResponseBufferSize() {
		return this.responseBufferSize;
	}

	@Nullable CookieSameSitePolicy getCookieSameSitePolicy() {
		return this.cookieSameSitePolicy;
	}

}
