package dev.undertide.servlet;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.Enumeration;
import java.util.EventListener;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

import dev.undertide.servlet.mapping.PathMatch;
import dev.undertide.servlet.mapping.RequestPaths;
import dev.undertide.servlet.mapping.ServletPathMatcher;
import dev.undertide.servlet.session.SessionCookieSettings;
import dev.undertide.servlet.session.SessionManager;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextAttributeEvent;
import jakarta.servlet.ServletContextAttributeListener;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestAttributeListener;
import jakarta.servlet.ServletRequestEvent;
import jakarta.servlet.ServletRequestListener;
import jakarta.servlet.SessionCookieConfig;
import jakarta.servlet.SessionTrackingMode;
import jakarta.servlet.descriptor.JspConfigDescriptor;
import jakarta.servlet.http.HttpSessionAttributeListener;
import jakarta.servlet.http.HttpSessionIdListener;
import jakarta.servlet.http.HttpSessionListener;
import org.jspecify.annotations.Nullable;

/**
 * The {@link ServletContext} of one deployment: registrations, listeners, attributes, resources and
 * sessions. Registration is open while the {@link ServletContextStartup}s run and closed afterwards.
 */
final class UndertideServletContext implements ServletContext {

	private static final Logger logger = Logger.getLogger(UndertideServletContext.class.getName());

	static final String SERVER_INFO = "Undertide/0.1";

	private static final String DEFAULT_SERVLET_NAME = "undertide-default";

	private static final Set<Class<? extends EventListener>> LISTENER_TYPES = Set.of(ServletContextListener.class,
			ServletContextAttributeListener.class, ServletRequestListener.class,
			ServletRequestAttributeListener.class, HttpSessionListener.class, HttpSessionAttributeListener.class,
			HttpSessionIdListener.class);

	private final ServletDeployment deployment;

	private final String contextPath;

	private final Map<String, ManagedServlet> servlets = new LinkedHashMap<>();

	private final Map<String, ManagedFilter> filters = new LinkedHashMap<>();

	private final ServletPathMatcher<ManagedServlet> servletMappings = new ServletPathMatcher<>();

	private final FilterMappings filterMappings = new FilterMappings();

	private final List<EventListener> listeners = new CopyOnWriteArrayList<>();

	private final Map<String, Object> attributes = new ConcurrentHashMap<>();

	private final InitParameters initParameters = new InitParameters();

	private final SessionCookieSettings sessionCookieSettings = new SessionCookieSettings();

	private final SessionManager sessionManager;

	private Set<SessionTrackingMode> sessionTrackingModes = EnumSet.of(SessionTrackingMode.COOKIE);

	private @Nullable String requestCharacterEncoding;

	private @Nullable String responseCharacterEncoding;

	private volatile ServletRequestListener[] requestListeners = new ServletRequestListener[0];

	private final Path tempDirectory;

	private volatile boolean configurable = true;

	private volatile boolean stopped;

	UndertideServletContext(ServletDeployment deployment) {
		this.deployment = deployment;
		this.contextPath = deployment.getContextPath();
		deployment.getInitParameters().forEach(this.initParameters::set);
		this.sessionManager = new SessionManager(this, this.listeners);
		this.sessionManager.setDefaultMaxInactiveInterval(deployment.getSessionTimeoutMinutes() * 60);
		this.tempDirectory = createTempDirectory();
		this.attributes.put(ServletContext.TEMPDIR, this.tempDirectory.toFile());
	}

	private static Path createTempDirectory() {
		try {
			return Files.createTempDirectory("undertide-");
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot create the servlet context's temporary directory", ex);
		}
	}

	/** Where uploads are spooled; deleted with everything in it when the context stops. */
	Path tempDirectory() {
		return this.tempDirectory;
	}

	void start(List<ServletContextStartup> startups) throws ServletException {
		for (ServletContextStartup startup : startups) {
			ClassLoaderSwitch.run(getClassLoader(), () -> startup.onStartup(this));
		}
		if (this.servletMappings.targetOf("/") == null) {
			mapServlet("/", registerServlet(DEFAULT_SERVLET_NAME, null,
					new DefaultServlet(this.deployment.isRegisterDefaultServlet())));
		}
		this.configurable = false;
		this.sessionCookieSettings.lock();
		this.requestListeners = listenersOfType(ServletRequestListener.class).toArray(new ServletRequestListener[0]);
		ServletContextEvent event = new ServletContextEvent(this);
		for (ServletContextListener listener : listenersOfType(ServletContextListener.class)) {
			ClassLoaderSwitch.run(getClassLoader(), () -> listener.contextInitialized(event));
		}
		if (this.deployment.isEagerFilterInit()) {
			for (ManagedFilter filter : this.filters.values()) {
				filter.initialize();
			}
		}
		List<ManagedServlet> loadOnStartup = this.servlets.values()
			.stream()
			.filter((servlet) -> servlet.getLoadOnStartup() >= 0)
			.sorted(Comparator.comparingInt(ManagedServlet::getLoadOnStartup))
			.toList();
		for (ManagedServlet servlet : loadOnStartup) {
			servlet.servlet();
		}
	}

	/** Destroys servlets, then filters, then sessions, then tells context listeners, newest first. */
	void stop() {
		if (this.stopped) {
			return;
		}
		this.stopped = true;
		this.configurable = false;
		reversed(new ArrayList<>(this.servlets.values())).forEach((servlet) -> quietly(servlet::destroy, servlet));
		reversed(new ArrayList<>(this.filters.values())).forEach((filter) -> quietly(filter::destroy, filter));
		quietly(this.sessionManager::close, "session manager");
		ServletContextEvent event = new ServletContextEvent(this);
		reversed(listenersOfType(ServletContextListener.class))
			.forEach((listener) -> quietly(() -> listener.contextDestroyed(event), listener));
		quietly(this::deleteTempDirectory, this.tempDirectory);
	}

	private void deleteTempDirectory() {
		try (Stream<Path> paths = Files.walk(this.tempDirectory)) {
			paths.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static <T> List<T> reversed(List<T> list) {
		Collections.reverse(list);
		return list;
	}

	private void quietly(Runnable action, Object subject) {
		try {
			action.run();
		}
		catch (RuntimeException ex) {
			logger.log(Level.WARNING, "Stopping " + subject + " failed", ex);
		}
	}

	void checkConfigurable() {
		if (!this.configurable) {
			throw new IllegalStateException(
					"The ServletContext has already been initialized; it can only be configured during start-up");
		}
	}

	<T> List<T> listenersOfType(Class<T> type) {
		List<T> matching = new ArrayList<>();
		for (EventListener listener : this.listeners) {
			if (type.isInstance(listener)) {
				matching.add(type.cast(listener));
			}
		}
		return matching;
	}

	// Dispatch support

	@Nullable PathMatch<ManagedServlet> match(String path) {
		return this.servletMappings.match(path);
	}

	ServletFilterChain filterChain(DispatcherType type, ManagedServlet servlet, String path) {
		return new ServletFilterChain(this.filterMappings.filtersFor(type, servlet.getName(), path), servlet);
	}

	FilterMappings filterMappings() {
		return this.filterMappings;
	}

	ErrorPages errorPages() {
		return this.deployment.getErrorPages();
	}

	SessionManager sessionManager() {
		return this.sessionManager;
	}

	SessionCookieSettings sessionCookieSettings() {
		return this.sessionCookieSettings;
	}

	@Nullable CookieSameSitePolicy cookieSameSitePolicy() {
		return this.deployment.getCookieSameSitePolicy();
	}

	int responseBufferSize() {
		return this.deployment.getResponseBufferSize();
	}

	boolean isPreservePathOnForward() {
		return this.deployment.isPreservePathOnForward();
	}

	@Nullable Charset charsetFor(Locale locale) {
		Map<Locale, Charset> charsets = this.deployment.getLocaleCharsets();
		if (charsets.isEmpty()) {
			return null;
		}
		Charset charset = charsets.get(locale);
		return (charset != null) ? charset : charsets.get(new Locale(locale.getLanguage()));
	}

	void requestInitialized(ServletRequest request) {
		ServletRequestListener[] listeners = this.requestListeners;
		if (listeners.length > 0) {
			ServletRequestEvent event = new ServletRequestEvent(this, request);
			for (ServletRequestListener listener : listeners) {
				listener.requestInitialized(event);
			}
		}
	}

	void requestDestroyed(ServletRequest request) {
		ServletRequestListener[] listeners = this.requestListeners;
		if (listeners.length > 0) {
			ServletRequestEvent event = new ServletRequestEvent(this, request);
			for (int i = listeners.length - 1; i >= 0; i--) {
				listeners[i].requestDestroyed(event);
			}
		}
	}

	Set<String> conflictingMappings(String... urlPatterns) {
		Set<String> conflicts = new LinkedHashSet<>();
		for (String pattern : urlPatterns) {
			ManagedServlet existing = this.servletMappings.targetOf(pattern);
			if (existing != null && !DEFAULT_SERVLET_NAME.equals(existing.getName())) {
				conflicts.add(pattern);
			}
		}
		return conflicts;
	}

	void mapServlet(String pattern, ManagedServlet servlet) {
		this.servletMappings.add(pattern, servlet);
	}

	<T> T instantiate(Class<T> type, @Nullable String className) throws ServletException {
		if (className == null) {
			throw new ServletException("No " + type.getSimpleName().toLowerCase(Locale.ROOT) + " class given");
		}
		try {
			Class<?> loaded = Class.forName(className, true, getClassLoader());
			return type.cast(loaded.getDeclaredConstructor().newInstance());
		}
		catch (ReflectiveOperationException | ClassCastException ex) {
			throw new ServletException("Cannot create " + className, ex);
		}
	}

	// Registration

	@Override
	public ServletRegistration.@Nullable Dynamic addServlet(String servletName, String className) {
		return registerServlet(servletName, className, null);
	}

	@Override
	public ServletRegistration.@Nullable Dynamic addServlet(String servletName, Servlet servlet) {
		if (servlet == null) {
			throw new IllegalArgumentException("Servlet must not be null");
		}
		return registerServlet(servletName, null, servlet);
	}

	@Override
	public ServletRegistration.@Nullable Dynamic addServlet(String servletName, Class<? extends Servlet> servletClass) {
		return registerServlet(servletName, servletClass.getName(), null);
	}

	private @Nullable ManagedServlet registerServlet(String name, @Nullable String className,
			@Nullable Servlet servlet) {
		checkConfigurable();
		if (name == null || name.isEmpty()) {
			throw new IllegalArgumentException("Servlet name must not be empty");
		}
		if (this.servlets.containsKey(name)) {
			return null;
		}
		ManagedServlet registration = new ManagedServlet(this, name, className, servlet);
		this.servlets.put(name, registration);
		return registration;
	}

	@Override
	public ServletRegistration.Dynamic addJspFile(String servletName, String jspFile) {
		throw new UnsupportedOperationException("JSP is not supported by Undertide");
	}

	@Override
	public <T extends Servlet> T createServlet(Class<T> servletClass) throws ServletException {
		return instantiate(servletClass, servletClass.getName());
	}

	@Override
	public @Nullable ServletRegistration getServletRegistration(String servletName) {
		return this.servlets.get(servletName);
	}

	@Override
	public Map<String, ? extends ServletRegistration> getServletRegistrations() {
		return Collections.unmodifiableMap(this.servlets);
	}

	@Override
	public FilterRegistration.@Nullable Dynamic addFilter(String filterName, String className) {
		return registerFilter(filterName, className, null);
	}

	@Override
	public FilterRegistration.@Nullable Dynamic addFilter(String filterName, Filter filter) {
		if (filter == null) {
			throw new IllegalArgumentException("Filter must not be null");
		}
		return registerFilter(filterName, null, filter);
	}

	@Override
	public FilterRegistration.@Nullable Dynamic addFilter(String filterName, Class<? extends Filter> filterClass) {
		return registerFilter(filterName, filterClass.getName(), null);
	}

	private @Nullable ManagedFilter registerFilter(String name, @Nullable String className, @Nullable Filter filter) {
		checkConfigurable();
		if (name == null || name.isEmpty()) {
			throw new IllegalArgumentException("Filter name must not be empty");
		}
		if (this.filters.containsKey(name)) {
			return null;
		}
		ManagedFilter registration = new ManagedFilter(this, name, className, filter);
		this.filters.put(name, registration);
		return registration;
	}

	@Override
	public <T extends Filter> T createFilter(Class<T> filterClass) throws ServletException {
		return instantiate(filterClass, filterClass.getName());
	}

	@Override
	public @Nullable FilterRegistration getFilterRegistration(String filterName) {
		return this.filters.get(filterName);
	}

	@Override
	public Map<String, ? extends FilterRegistration> getFilterRegistrations() {
		return Collections.unmodifiableMap(this.filters);
	}

	@Override
	public void addListener(String className) {
		try {
			Class<?> type = Class.forName(className, true, getClassLoader());
			addListener(type.asSubclass(EventListener.class));
		}
		catch (ClassNotFoundException | ClassCastException ex) {
			throw new IllegalArgumentException("Cannot load listener " + className, ex);
		}
	}

	@Override
	public <T extends EventListener> void addListener(T listener) {
		checkConfigurable();
		if (LISTENER_TYPES.stream().noneMatch((type) -> type.isInstance(listener))) {
			throw new IllegalArgumentException(listener.getClass().getName()
					+ " implements none of the listener interfaces a ServletContext accepts: " + LISTENER_TYPES);
		}
		this.listeners.add(listener);
	}

	@Override
	public void addListener(Class<? extends EventListener> listenerClass) {
		try {
			addListener(createListener(listenerClass));
		}
		catch (ServletException ex) {
			throw new IllegalArgumentException(ex.getMessage(), ex);
		}
	}

	@Override
	public <T extends EventListener> T createListener(Class<T> listenerClass) throws ServletException {
		return instantiate(listenerClass, listenerClass.getName());
	}

	// Attributes and parameters

	@Override
	public @Nullable Object getAttribute(String name) {
		return this.attributes.get(name);
	}

	@Override
	public Enumeration<String> getAttributeNames() {
		return Collections.enumeration(new ArrayList<>(this.attributes.keySet()));
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
		Object previous = this.attributes.put(name, value);
		List<ServletContextAttributeListener> listeners = listenersOfType(ServletContextAttributeListener.class);
		for (ServletContextAttributeListener listener : listeners) {
			if (previous == null) {
				listener.attributeAdded(new ServletContextAttributeEvent(this, name, value));
			}
			else {
				listener.attributeReplaced(new ServletContextAttributeEvent(this, name, previous));
			}
		}
	}

	@Override
	public void removeAttribute(String name) {
		Object previous = this.attributes.remove(name);
		if (previous != null) {
			for (ServletContextAttributeListener listener : listenersOfType(ServletContextAttributeListener.class)) {
				listener.attributeRemoved(new ServletContextAttributeEvent(this, name, previous));
			}
		}
	}

	@Override
	public @Nullable String getInitParameter(String name) {
		return this.initParameters.get(name);
	}

	@Override
	public Enumeration<String> getInitParameterNames() {
		return this.initParameters.names();
	}

	@Override
	public boolean setInitParameter(String name, String value) {
		checkConfigurable();
		return this.initParameters.set(name, value);
	}

	// Resources

	@Override
	public @Nullable String getMimeType(String file) {
		int dot = file.lastIndexOf('.');
		if (dot < 0 || dot == file.length() - 1) {
			return null;
		}
		return this.deployment.getMimeTypes().get(file.substring(dot + 1).toLowerCase(Locale.ROOT));
	}

	@Override
	public @Nullable URL getResource(String path) throws MalformedURLException {
		String normalized = normalizeResourcePath(path);
		if (normalized == null) {
			return null;
		}
		Path file = documentRootFile(normalized);
		if (file != null && Files.exists(file)) {
			return file.toUri().toURL();
		}
		return getClassLoader().getResource("META-INF/resources" + normalized);
	}

	@Override
	public @Nullable InputStream getResourceAsStream(String path) {
		try {
			URL url = getResource(path);
			return (url != null) ? url.openStream() : null;
		}
		catch (IOException ex) {
			return null;
		}
	}

	@Override
	public @Nullable Set<String> getResourcePaths(String path) {
		String normalized = normalizeResourcePath(path);
		Path directory = (normalized != null) ? documentRootFile(normalized) : null;
		if (directory == null || !Files.isDirectory(directory)) {
			return null;
		}
		String prefix = normalized.endsWith("/") ? normalized : normalized + "/";
		try (Stream<Path> children = Files.list(directory)) {
			Set<String> paths = new LinkedHashSet<>();
			children.sorted()
				.forEach((child) -> paths
					.add(prefix + child.getFileName() + (Files.isDirectory(child) ? "/" : "")));
			return paths;
		}
		catch (IOException ex) {
			return null;
		}
	}

	@Override
	public @Nullable String getRealPath(String path) {
		String normalized = normalizeResourcePath(path);
		Path file = (normalized != null) ? documentRootFile(normalized) : null;
		return (file != null) ? file.toString() : null;
	}

	private static @Nullable String normalizeResourcePath(String path) {
		if (path == null || !path.startsWith("/")) {
			return null;
		}
		return RequestPaths.normalize(path);
	}

	private @Nullable Path documentRootFile(String normalizedPath) {
		Path root = this.deployment.getDocumentRoot();
		if (root == null) {
			return null;
		}
		Path file = root.resolve(normalizedPath.substring(1)).normalize();
		return file.startsWith(root) ? file : null;
	}

	// Dispatchers

	@Override
	public @Nullable RequestDispatcher getRequestDispatcher(String path) {
		if (path == null || !path.startsWith("/")) {
			return null;
		}
		int query = path.indexOf('?');
		String pathOnly = (query >= 0) ? path.substring(0, query) : path;
		String queryString = (query >= 0) ? path.substring(query + 1) : null;
		String normalized = RequestPaths.normalize(RequestPaths.stripPathParameters(pathOnly));
		if (normalized == null) {
			return null;
		}
		PathMatch<ManagedServlet> match = match(normalized);
		return (match != null) ? ContainerRequestDispatcher.forPath(this, match, normalized, queryString) : null;
	}

	@Override
	public @Nullable RequestDispatcher getNamedDispatcher(String name) {
		ManagedServlet servlet = this.servlets.get(name);
		return (servlet != null) ? ContainerRequestDispatcher.named(this, servlet) : null;
	}

	// Sessions

	@Override
	public SessionCookieConfig getSessionCookieConfig() {
		return this.sessionCookieSettings;
	}

	@Override
	public void setSessionTrackingModes(Set<SessionTrackingMode> sessionTrackingModes) {
		checkConfigurable();
		if (sessionTrackingModes.contains(SessionTrackingMode.SSL)) {
			throw new IllegalArgumentException("SSL session tracking is not supported");
		}
		this.sessionTrackingModes = sessionTrackingModes.isEmpty() ? EnumSet.noneOf(SessionTrackingMode.class)
				: EnumSet.copyOf(sessionTrackingModes);
	}

	@Override
	public Set<SessionTrackingMode> getDefaultSessionTrackingModes() {
		return EnumSet.of(SessionTrackingMode.COOKIE, SessionTrackingMode.URL);
	}

	@Override
	public Set<SessionTrackingMode> getEffectiveSessionTrackingModes() {
		return Collections.unmodifiableSet(this.sessionTrackingModes);
	}

	@Override
	public int getSessionTimeout() {
		return this.sessionManager.getDefaultMaxInactiveInterval() / 60;
	}

	@Override
	public void setSessionTimeout(int sessionTimeout) {
		checkConfigurable();
		this.sessionManager.setDefaultMaxInactiveInterval(sessionTimeout * 60);
	}

	// Encodings

	@Override
	public @Nullable String getRequestCharacterEncoding() {
		return this.requestCharacterEncoding;
	}

	@Override
	public void setRequestCharacterEncoding(String encoding) {
		checkConfigurable();
		this.requestCharacterEncoding = encoding;
	}

	@Override
	public @Nullable String getResponseCharacterEncoding() {
		return this.responseCharacterEncoding;
	}

	@Override
	public void setResponseCharacterEncoding(String encoding) {
		checkConfigurable();
		this.responseCharacterEncoding = encoding;
	}

	// Identity

	@Override
	public String getContextPath() {
		return this.contextPath;
	}

	@Override
	public @Nullable ServletContext getContext(String uripath) {
		return (uripath != null && uripath.startsWith(this.contextPath)) ? this : null;
	}

	@Override
	public int getMajorVersion() {
		return 6;
	}

	@Override
	public int getMinorVersion() {
		return 1;
	}

	@Override
	public int getEffectiveMajorVersion() {
		return 6;
	}

	@Override
	public int getEffectiveMinorVersion() {
		return 1;
	}

	@Override
	public String getServerInfo() {
		return SERVER_INFO;
	}

	@Override
	public String getServletContextName() {
		return this.deployment.getDisplayName();
	}

	@Override
	public String getVirtualServerName() {
		return "undertide";
	}

	@Override
	public ClassLoader getClassLoader() {
		return this.deployment.getClassLoader();
	}

	@Override
	public void log(String msg) {
		logger.info(msg);
	}

	@Override
	public void log(String message, Throwable throwable) {
		logger.log(Level.SEVERE, message, throwable);
	}

	@Override
	public @Nullable JspConfigDescriptor getJspConfigDescriptor() {
		return null;
	}

	@Override
	public void declareRoles(String... roleNames) {
		checkConfigurable();
	}

}
