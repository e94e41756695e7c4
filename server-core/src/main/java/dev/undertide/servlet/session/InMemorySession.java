package dev.undertide.servlet.session;

import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;

/**
 * {@link HttpSession} held in memory by a {@link SessionManager}. Safe for concurrent use by
 * all requests that share the session.
 */
public final class InMemorySession implements HttpSession {

	private final SessionManager manager;

	private final long creationTime;

	private final AtomicReference<Lifecycle> lifecycle;

	private final Map<String, Object> attributes = new ConcurrentHashMap<>();

	private volatile long lastAccessedTime;

	private volatile int maxInactiveInterval;

	private volatile boolean joinedByClient;

	InMemorySession(SessionManager manager, String id, long creationTime, int maxInactiveInterval) {
		this.manager = manager;
		this.creationTime = creationTime;
		this.lifecycle = new AtomicReference<>(new Lifecycle(id, Phase.ACTIVE));
		this.lastAccessedTime = creationTime;
		this.maxInactiveInterval = maxInactiveInterval;
	}

	@Override
	public long getCreationTime() {
		assertNotInvalidated("getCreationTime");
		return this.creationTime;
	}

	@Override
	public String getId() {
		return getIdInternal();
	}

	@Override
	public long getLastAccessedTime() {
		assertNotInvalidated("getLastAccessedTime");
		return this.lastAccessedTime;
	}

	@Override
	public ServletContext getServletContext() {
		return this.manager.getServletContext();
	}

	@Override
	public void setMaxInactiveInterval(int interval) {
		this.maxInactiveInterval = interval;
	}

	@Override
	public int getMaxInactiveInterval() {
		return this.maxInactiveInterval;
	}

	@Override
	public @Nullable Object getAttribute(String name) {
		assertNotInvalidated("getAttribute");
		return this.attributes.get(name);
	}

	@Override
	public Enumeration<String> getAttributeNames() {
		assertNotInvalidated("getAttributeNames");
		return Collections.enumeration(List.copyOf(this.attributes.keySet()));
	}

	@Override
	public void setAttribute(String name, @Nullable Object value) {
		assertNotInvalidated("setAttribute");
		if (value == null) {
			removeAttributeInternal(name);
			return;
		}
		SessionListeners listeners = this.manager.getListeners();
		boolean alreadyBound = (this.attributes.get(name) == value);
		if (!alreadyBound) {
			// The spec requires valueBound before the value is visible through getAttribute
			listeners.valueBound(this, name, value);
		}
		Object previousValue = this.attributes.put(name, value);
		if (previousValue == null) {
			listeners.attributeAdded(this, name, value);
		}
		else {
			listeners.attributeReplaced(this, name, previousValue, previousValue != value);
		}
	}

	@Override
	public void removeAttribute(String name) {
		assertNotInvalidated("removeAttribute");
		removeAttributeInternal(name);
	}

	@Override
	public void invalidate() {
		if (!this.manager.invalidate(this)) {
			throw new IllegalStateException("invalidate: Session already invalidated");
		}
	}

	@Override
	public boolean isNew() {
		assertNotInvalidated("isNew");
		return !this.joinedByClient;
	}

	/**
	 * Return an {@link Accessor} bound to the current session id: it fails once the session
	 * is invalidated, has expired or has had its id changed.
	 */
	@Override
	public Accessor getAccessor() {
		assertNotInvalidated("getAccessor");
		String accessibleId = getIdInternal();
		return (sessionConsumer) -> this.manager.accessOutsideRequest(accessibleId, sessionConsumer);
	}

	@Override
	public String toString() {
		return "InMemorySession[" + getIdInternal() + "]";
	}

	String getIdInternal() {
		return this.lifecycle.get().id();
	}

	boolean isActive() {
		return this.lifecycle.get().phase() == Phase.ACTIVE;
	}

	boolean isExpired(long now) {
		int interval = this.maxInactiveInterval;
		return interval > 0 && now - this.lastAccessedTime >= interval * 1000L;
	}

	void markAccessedByClient(long now) {
		this.lastAccessedTime = now;
		this.joinedByClient = true;
	}

	void markAccessed(long now) {
		this.lastAccessedTime = now;
	}

	/**
	 * Swap the id if the session is still active and still known by {@code oldId}.
	 * @return whether the id was changed
	 */
	boolean changeId(String oldId, String newId) {
		Lifecycle current = this.lifecycle.get();
		return current.phase() == Phase.ACTIVE && current.id().equals(oldId)
				&& this.lifecycle.compareAndSet(current, new Lifecycle(newId, Phase.ACTIVE));
	}

	/**
	 * Claim the invalidation of this session for the calling thread.
	 * @return the id the session was registered under, or {@code null} if the session is
	 * already being invalidated or has been invalidated
	 */
	@Nullable String beginInvalidation() {
		Lifecycle current;
		do {
			current = this.lifecycle.get();
			if (current.phase() != Phase.ACTIVE) {
				return null;
			}
		}
		while (!this.lifecycle.compareAndSet(current, new Lifecycle(current.id(), Phase.INVALIDATING)));
		return current.id();
	}

	/**
	 * Unbind every attribute, firing the unbinding events, then mark the session invalidated.
	 */
	void completeInvalidation() {
		ListenerFailures failures = new ListenerFailures();
		for (String name : List.copyOf(this.attributes.keySet())) {
			failures.run(() -> removeAttributeInternal(name));
		}
		this.lifecycle.set(new Lifecycle(getIdInternal(), Phase.INVALIDATED));
		failures.rethrowFirst();
	}

	private void removeAttributeInternal(String name) {
		Object value = this.attributes.remove(name);
		if (value != null) {
			this.manager.getListeners().attributeRemoved(this, name, value);
		}
	}

	private void assertNotInvalidated(String method) {
		if (this.lifecycle.get().phase() == Phase.INVALIDATED) {
			throw new IllegalStateException(method + ": Session already invalidated");
		}
	}

	/**
	 * Id and phase change together, so an id change can never interleave with an
	 * invalidation and leave the session registered under a stale id.
	 */
	private record Lifecycle(String id, Phase phase) {
	}

	/**
	 * While {@code INVALIDATING}, destruction listeners and unbinding listeners can still
	 * read the session; only {@code INVALIDATED} makes it unusable.
	 */
	private enum Phase {

		ACTIVE, INVALIDATING, INVALIDATED

	}

}
