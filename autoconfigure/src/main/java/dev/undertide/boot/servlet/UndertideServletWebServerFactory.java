package dev.undertide.boot.servlet;

import java.io.File;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;

import dev.undertide.boot.UndertideWebServer;
import dev.undertide.boot.UndertideWebServerFactory;
import dev.undertide.boot.WorkerType;
import dev.undertide.server.VirtualThreads;
import dev.undertide.servlet.CookieSameSitePolicy;
import dev.undertide.servlet.ServletContainer;
import dev.undertide.servlet.ServletDeployment;
import jakarta.servlet.ServletException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.web.error.ErrorPage;
import org.springframework.boot.web.server.Cookie.SameSite;
import org.springframework.boot.web.server.MimeMappings;
import org.springframework.boot.web.server.Shutdown;
import org.springframework.boot.web.server.WebServer;
import org.springframework.boot.web.server.WebServerException;
import org.springframework.boot.web.server.servlet.ConfigurableServletWebServerFactory;
import org.springframework.boot.web.server.servlet.CookieSameSiteSupplier;
import org.springframework.boot.web.server.servlet.DocumentRoot;
import org.springframework.boot.web.server.servlet.ServletContextInitializers;
import org.springframework.boot.web.server.servlet.ServletWebServerSettings;
import org.springframework.boot.web.servlet.ServletContextInitializer;
import org.springframework.context.ResourceLoaderAware;
import org.springframework.core.io.ResourceLoader;

/**
 * A {@link org.springframework.boot.web.server.servlet.ServletWebServerFactory} that runs the application
 * on Undertide's Servlet 6.1 container.
 */
public class UndertideServletWebServerFactory extends UndertideWebServerFactory
		implements ConfigurableServletWebServerFactory, ResourceLoaderAware {

	private static final Log logger = LogFactory.getLog(UndertideServletWebServerFactory.class);

	private final ServletWebServerSettings settings = new ServletWebServerSettings();

	private @Nullable ResourceLoader resourceLoader;

	private @Nullable Integer responseBufferSize;

	private boolean eagerFilterInit = true;

	private boolean preservePathOnForward;

	public UndertideServletWebServerFactory() {
	}

	public UndertideServletWebServerFactory(int port) {
		super(port);
	}

	@Override
	public ServletWebServerSettings getSettings() {
		return this.settings;
	}

	/** The default response buffer: a body that fits gets a Content-Length, a larger one goes chunked. */
	public void setResponseBufferSize(int bytes) {
		this.responseBufferSize = bytes;
	}

	/** Whether filters are initialised at start-up, or each before its first request. */
	public void setEagerFilterInit(boolean eagerFilterInit) {
		this.eagerFilterInit = eagerFilterInit;
	}

	/** Whether a forwarded request keeps the original request's URI and paths. */
	public void setPreservePathOnForward(boolean preservePathOnForward) {
		this.preservePathOnForward = preservePathOnForward;
	}

	@Override
	public void setResourceLoader(ResourceLoader resourceLoader) {
		this.resourceLoader = resourceLoader;
	}

	@Override
	public WebServer getWebServer(ServletContextInitializer... initializers) {
		ServletDeployment deployment = createDeployment(initializers);
		if (getWorkerType() == WorkerType.IO) {
			throw new IllegalStateException("Servlet applications cannot run on the I/O threads (worker type IO)");
		}
		ExecutorService virtualWorkers = (getWorkerType() == WorkerType.VIRTUAL)
				? VirtualThreads.newExecutor("undertide-worker") : null;
		deployment.workerExecutor(virtualWorkers);
		ServletContainer container;
		try {
			container = deployment.deploy();
		}
		catch (ServletException ex) {
			throw new WebServerException("Unable to deploy the servlet context", ex);
		}
		Runnable release = () -> {
			container.undeploy();
			if (virtualWorkers != null) {
				virtualWorkers.shutdown();
			}
		};
		try {
			return new UndertideWebServer(createServer(container.getHandler(), container.getRefusalResponder()), getPort(),
					container.getContextPath(), getShutdown() == Shutdown.GRACEFUL, release);
		}
		catch (RuntimeException ex) {
			release.run();
			throw ex;
		}
	}

	private ServletDeployment createDeployment(ServletContextInitializer... initializers) {
		ServletDeployment deployment = new ServletDeployment().contextPath(this.settings.getContextPath().toString())
			.sessionTimeoutMinutes(sessionTimeoutMinutes())
			.registerDefaultServlet(this.settings.isRegisterDefaultServlet())
			.cookieSameSitePolicy(cookieSameSitePolicy(this.settings.getCookieSameSiteSuppliers()))
			.eagerFilterInit(this.eagerFilterInit)
			.preservePathOnForward(this.preservePathOnForward);
		if (this.responseBufferSize != null) {
			deployment.responseBufferSize(this.responseBufferSize);
		}
		if (this.settings.getDisplayName() != null) {
			deployment.displayName(this.settings.getDisplayName());
		}
		if (this.resourceLoader != null && this.resourceLoader.getClassLoader() != null) {
			deployment.classLoader(this.resourceLoader.getClassLoader());
		}
		File documentRoot = documentRoot();
		if (documentRoot != null) {
			deployment.documentRoot(documentRoot.toPath().toAbsolutePath().normalize());
		}
		for (MimeMappings.Mapping mapping : this.settings.getMimeMappings()) {
			deployment.mimeType(mapping.getExtension(), mapping.getMimeType());
		}
		this.settings.getLocaleCharsetMappings().forEach(deployment::localeCharset);
		for (ErrorPage errorPage : getErrorPages()) {
			addErrorPage(deployment, errorPage);
		}
		String sameSite = sessionCookieSameSite();
		if (sameSite != null) {
			deployment.startup((context) -> context.getSessionCookieConfig().setAttribute("SameSite", sameSite));
		}
		for (String listener : this.settings.getWebListenerClassNames()) {
			deployment.startup((context) -> context.addListener(listener));
		}
		for (ServletContextInitializer initializer : ServletContextInitializers.from(this.settings, initializers)) {
			deployment.startup(initializer::onStartup);
		}
		return deployment;
	}

	private static void addErrorPage(ServletDeployment deployment, ErrorPage errorPage) {
		if (errorPage.isGlobal()) {
			deployment.errorPages().setGlobal(errorPage.getPath());
		}
		else if (errorPage.getException() != null) {
			deployment.errorPages().addForException(errorPage.getException(), errorPage.getPath());
		}
		else {
			deployment.errorPages().addForStatus(errorPage.getStatusCode(), errorPage.getPath());
		}
	}

	/** As Boot's other servers: zero or less never expires, anything else at least a minute. */
	private int sessionTimeoutMinutes() {
		Duration timeout = this.settings.getSession().getTimeout();
		if (timeout == null || timeout.isZero() || timeout.isNegative()) {
			return 0;
		}
		return (int) Math.max(timeout.toMinutes(), 1);
	}

	private @Nullable String sessionCookieSameSite() {
		SameSite sameSite = this.settings.getSession().getCookie().getSameSite();
		return (sameSite != null) ? sameSite.attributeValue() : null;
	}

	private @Nullable File documentRoot() {
		DocumentRoot documentRoot = new DocumentRoot(logger);
		documentRoot.setDirectory(this.settings.getDocumentRoot());
		return documentRoot.getValidDirectory();
	}

	private static @Nullable CookieSameSitePolicy cookieSameSitePolicy(
			List<? extends CookieSameSiteSupplier> suppliers) {
		if (suppliers.isEmpty()) {
			return null;
		}
		return (cookie) -> {
			for (CookieSameSiteSupplier supplier : suppliers) {
				SameSite sameSite = supplier.getSameSite(cookie);
				if (sameSite != null) {
					return sameSite.attributeValue();
				}
			}
			return null;
		};
	}

}
