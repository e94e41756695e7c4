package dev.undertide.servlet.session;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.EventListener;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionEvent;
import org.jspecify.annotations.Nullable;

/**
 * Creates, finds, expires and invalidates the {@link InMemorySession sessions} of one
 * servlet context, and notifies the context's session listeners.
 * <p>
 * Expired sessions are swept by a single daemon thread named
 * {@value #EXPIRY_THREAD_NAME}, started when the first session is created.
 */
public final class SessionManager implements AutoCloseable {

	static final String EXPIRY_THREAD_NAME = "undertide-session-expiry";

	private static final Duration DEFAULT_EXPIRY_CHECK_INTERVAL = Duration.ofSeconds(30);

	private static final int DEFAULT_MAX_INACTIVE_INTERVAL = 1800;

	private static final Logger logger = System.getLogger(SessionManager.class.getName());

	private final ServletContext servletContext;

	private final SessionListeners listeners;

	private final Duration expiryCheckInterval;

	private final Clock clock;

	private final SessionIdGenerator idGenerator = new SessionIdGenerator();

	private final Map<String, InMemorySession> sessions = new ConcurrentHashMap<>();

	private final AtomicBoolean closed = new AtomicBoolean();

	private final Object sweeperMonitor = new Object();

	private volatile @Nullable ScheduledExecutorService sweeper;

	private volatile int defaultMaxInactiveInterval = DEFAULT_MAX_INACTIVE_INTERVAL;

	/**
	 * Create a manager that checks for expired sessions every 30 seconds.
	 * @param servletContext the context the sessions belong to
	 * @param listeners live view of the listeners registered with the context
	 */
	public SessionManager(ServletContext servletContext, Iterable<? extends EventListener> listeners) {
		this(servletContext, listeners, DEFAULT_EXPIRY_CHECK_INTERVAL);
	}

	/**
	 * Create a manager.
	 * @param servletContext the context the sessions belong to
	 * @param listeners live view of the listeners registered with the context
	 * @param expiryCheckInterval how often to look for expired sessions
	 */
	public SessionManager(ServletContext servletContext, Iterable<? extends EventListener> listeners,
			Duration expiryCheckInterval) {
		this(servletContext, listeners, expiryCheckInterval, Clock.systemUTC());
	}

	SessionManager(ServletContext servletContext, Iterable<? extends EventListener> listeners,
			Duration expiryCheckInterval, Clock clock) {
		if (expiryCheckInterval.toMillis() < 1) {
			throw new IllegalArgumentException("Expiry check interval must be at least one millisecond");
		}
		this.servletContext = servletContext;
		this.listeners = new SessionListeners(listeners);
		this.expiryCheckInterval = expiryCheckInterval;
		this.clock = clock;
	}

	/**
	 * Set the max inactive interval, in seconds, given to sessions created from now on. Zero
	 * or less means such sessions never expire.
	 */
	public void setDefaultMaxInactiveInterval(int seconds) {
		this.defaultMaxInactiveInterval = seconds;
	}

	public int getDefaultMaxInactiveInterval() {
		return this.defaultMaxInactiveInterval;
	}

	/**
	 * Create and register a new session, notifying the session listeners.
	 * @throws IllegalStateException if the manager has been closed
	 */
	public InMemorySession create() {
		if (this.closed.get()) {
			throw new IllegalStateException("SessionManager has been closed");
		}
		startSweeperIfNecessary();
		long now = this.clock.millis();
		InMemorySession session;
		do {
			session = new InMemorySession(this, this.idGenerator.generateId(), now, this.defaultMaxInactiveInterval);
		}
		while (this.sessions.putIfAbsent(session.getIdInternal(), session) != null);
		this.listeners.sessionCreated(new HttpSessionEvent(session));
		return session;
	}

	/**
	 * Find the valid session with the given id. A session found to have expired is
	 * invalidated.
	 * @return the session, or {@code null} if unknown, invalidated or expired
	 */
	public @Nullable InMemorySession find(String id) {
		InMemorySession session = this.sessions.get(id);
		if (session != null && session.isExpired(this.clock.millis())) {
			invalidateLoggingFailures(session);
			return null;
		}
		return session;
	}

	/**
	 * Record that a request carrying the session's id has started: the last accessed time
	 * is updated and the session is no longer new.
	 */
	public void access(InMemorySession session) {
		session.markAccessedByClient(this.clock.millis());
	}

	/**
	 * Give the session a new id, keeping the session object and its attributes, and notify
	 * the {@link jakarta.servlet.http.HttpSessionIdListener id listeners}.
	 * @return the new id
	 * @throws IllegalStateException if the session has been invalidated
	 */
	public String changeSessionId(InMemorySession session) {
		while (true) {
			if (!session.isActive()) {
				throw new IllegalStateException("changeSessionId: Session already invalidated");
			}
			String oldId = session.getIdInternal();
			// Registered under the new id before the old id is dropped, so the session is
			// findable at every moment
			String newId = registerUnderNewId(session);
			if (session.changeId(oldId, newId)) {
				this.sessions.remove(oldId, session);
				this.listeners.sessionIdChanged(new HttpSessionEvent(session), oldId);
				return newId;
			}
			this.sessions.remove(newId, session);
		}
	}

	public int getActiveSessionCount() {
		return this.sessions.size();
	}

	/**
	 * Stop looking for expired sessions and invalidate every session. Calling it again has
	 * no effect.
	 */
	@Override
	public void close() {
		if (!this.closed.compareAndSet(false, true)) {
			return;
		}
		synchronized (this.sweeperMonitor) {
			ScheduledExecutorService sweeper = this.sweeper;
			if (sweeper != null) {
				sweeper.shutdown();
			}
		}
		for (InMemorySession session : this.sessions.values()) {
			invalidateLoggingFailures(session);
		}
	}

	ServletContext getServletContext() {
		return this.servletContext;
	}

	SessionListeners getListeners() {
		return this.listeners;
	}

	/**
	 * Remove the session, notify the session listeners while its attributes are still
	 * readable, then unbind its attributes.
	 * @return {@code false} if the session was already invalidated or being invalidated
	 */
	boolean invalidate(InMemorySession session) {
		String id = session.beginInvalidation();
		if (id == null) {
			return false;
		}
		this.sessions.remove(id, session);
		ListenerFailures failures = new ListenerFailures();
		failures.run(() -> this.listeners.sessionDestroyed(new HttpSessionEvent(session)));
		failures.run(session::completeInvalidation);
		failures.rethrowFirst();
		return true;
	}

	void accessOutsideRequest(String id, Consumer<HttpSession> sessionConsumer) {
		InMemorySession session = find(id);
		if (session == null) {
			throw new IllegalStateException("Session has been invalidated, has expired or has changed its id");
		}
		session.markAccessed(this.clock.millis());
		sessionConsumer.accept(session);
	}

	private String registerUnderNewId(InMemorySession session) {
		String id;
		do {
			id = this.idGenerator.generateId();
		}
		while (this.sessions.putIfAbsent(id, session) != null);
		return id;
	}

	private void invalidateLoggingFailures(InMemorySession session) {
		try {
			invalidate(session);
		}
		catch (RuntimeException ex) {
			// No application code is on the call stack that could handle the failure
			logger.log(Level.WARNING, "Session listener failed while invalidating session", ex);
		}
	}

	private void startSweeperIfNecessary() {
		if (this.sweeper != null) {
			return;
		}
		synchronized (this.sweeperMonitor) {
			if (this.sweeper == null && !this.closed.get()) {
				ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(SessionManager::newSweeperThread);
				long intervalMillis = this.expiryCheckInterval.toMillis();
				executor.scheduleWithFixedDelay(this::invalidateExpiredSessions, intervalMillis, intervalMillis,
						TimeUnit.MILLISECONDS);
				this.sweeper = executor;
			}
		}
	}

	private void invalidateExpiredSessions() {
		long now = this.clock.millis();
		for (InMemorySession session : this.sessions.values()) {
			if (session.isExpired(now)) {
				invalidateLoggingFailures(session);
			}
		}
	}

	private static Thread newSweeperThread(Runnable task) {
		Thread thread = new Thread(task, EXPIRY_THREAD_NAME);
		thread.setDaemon(true);
		return thread;
	}

}
