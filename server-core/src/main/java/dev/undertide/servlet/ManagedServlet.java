package dev.undertide.servlet;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.ServletSecurityElement;
import org.jspecify.annotations.Nullable;

/**
 * A registered servlet: its registration data, its {@link ServletConfig}, and the life of its one
 * instance (created and initialised on first use, or at start-up when load-on-startup is set).
 */
final class ManagedServlet extends ManagedComponent implements ServletRegistration.Dynamic, ServletConfig {

	private final Set<String> mappings = new LinkedHashSet<>();

	private final Object lifecycleMonitor = new Object();

	private volatile @Nullable Servlet instance;

	private volatile boolean initialized;

	private int loadOnStartup = -1;

	private boolean asyncSupported;

	private @Nullable MultipartConfigElement multipartConfig;

	private @Nullable String runAsRole;

	ManagedServlet(UndertideServletContext context, String name, @Nullable String className,
			@Nullable Servlet instance) {
		super(context, name, (instance != null) ? instance.getClass().getName() : className);
		this.instance = instance;
	}

	/** The initialised servlet, creating and initialising it on first call. */
	Servlet servlet() throws ServletException {
		Servlet servlet = this.instance;
		if (servlet != null && this.initialized) {
			return servlet;
		}
		synchronized (this.lifecycleMonitor) {
			if (this.instance == null) {
				this.instance = this.context.instantiate(Servlet.class, this.className);
			}
			if (!this.initialized) {
				Servlet created = this.instance;
				ClassLoaderSwitch.run(this.context.getClassLoader(), () -> created.init(this));
				this.initialized = true;
			}
			return this.instance;
		}
	}

	void destroy() {
		synchronized (this.lifecycleMonitor) {
			Servlet servlet = this.instance;
			if (servlet != null && this.initialized) {
				this.initialized = false;
				servlet.destroy();
			}
		}
	}

	int getLoadOnStartup() {
		return this.loadOnStartup;
	}

	boolean isAsyncSupported() {
		return this.asyncSupported;
	}

	@Nullable MultipartConfigElement getMultipartConfig() {
		return this.multipartConfig;
	}

	@Override
	public String getServletName() {
		return this.name;
	}

	@Override
	public Set<String> addMapping(String... urlPatterns) {
		this.context.checkConfigurable();
		if (urlPatterns == null || urlPatterns.length == 0) {
			throw new IllegalArgumentException("At least one URL pattern is required");
		}
		Set<String> conflicts = this.context.conflictingMappings(urlPatterns);
		if (conflicts.isEmpty()) {
			for (String pattern : urlPatterns) {
				this.context.mapServlet(pattern, this);
				this.mappings.add(pattern);
			}
		}
		return conflicts;
	}

	@Override
	public Collection<String> getMappings() {
		return Collections.unmodifiableSet(this.mappings);
	}

	@Override
	public @Nullable String getRunAsRole() {
		return this.runAsRole;
	}

	@Override
	public void setLoadOnStartup(int loadOnStartup) {
		this.context.checkConfigurable();
		this.loadOnStartup = loadOnStartup;
	}

	@Override
	public Set<String> setServletSecurity(ServletSecurityElement constraint) {
		this.context.checkConfigurable();
		throw new UnsupportedOperationException(
				"Servlet security constraints are not supported; use a security filter such as Spring Security");
	}

	@Override
	public void setMultipartConfig(MultipartConfigElement multipartConfig) {
		this.context.checkConfigurable();
		this.multipartConfig = multipartConfig;
	}

	@Override
	public void setRunAsRole(String roleName) {
		this.context.checkConfigurable();
		this.runAsRole = roleName;
	}

	@Override
	public void setAsyncSupported(boolean isAsyncSupported) {
		this.context.checkConfigurable();
		this.asyncSupported = isAsyncSupported;
	}

	@Override
	public String toString() {
		return "servlet '" + this.name + "'";
	}

}
