package dev.undertide.servlet.session;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EventListener;
import java.util.List;
import java.util.function.Consumer;

import jakarta.servlet.http.HttpSessionAttributeListener;
import jakarta.servlet.http.HttpSessionBindingEvent;
import jakarta.servlet.http.HttpSessionBindingListener;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionIdListener;
import jakarta.servlet.http.HttpSessionListener;

/**
 * Delivers session events to the listeners registered with the servlet context and to
 * attribute values that implement {@link HttpSessionBindingListener}. Every interested
 * listener is notified even if an earlier one fails; the first failure is then rethrown so
 * that it reaches the application's error handling.
 */
final class SessionListeners {

	private final Iterable<? extends EventListener> listeners;

	SessionListeners(Iterable<? extends EventListener> listeners) {
		this.listeners = listeners;
	}

	void sessionCreated(HttpSessionEvent event) {
		notifyEach(listenersOfType(HttpSessionListener.class), (listener) -> listener.sessionCreated(event));
	}

	void sessionDestroyed(HttpSessionEvent event) {
		List<HttpSessionListener> sessionListeners = listenersOfType(HttpSessionListener.class);
		// The servlet spec notifies listeners of destruction in reverse order of declaration
		Collections.reverse(sessionListeners);
		notifyEach(sessionListeners, (listener) -> listener.sessionDestroyed(event));
	}

	void sessionIdChanged(HttpSessionEvent event, String oldSessionId) {
		notifyEach(listenersOfType(HttpSessionIdListener.class),
				(listener) -> listener.sessionIdChanged(event, oldSessionId));
	}

	void valueBound(InMemorySession session, String name, Object value) {
		if (value instanceof HttpSessionBindingListener bindingListener) {
			bindingListener.valueBound(new HttpSessionBindingEvent(session, name, value));
		}
	}

	void attributeAdded(InMemorySession session, String name, Object value) {
		HttpSessionBindingEvent event = new HttpSessionBindingEvent(session, name, value);
		notifyEach(listenersOfType(HttpSessionAttributeListener.class), (listener) -> listener.attributeAdded(event));
	}

	void attributeReplaced(InMemorySession session, String name, Object previousValue, boolean unbindPreviousValue) {
		HttpSessionBindingEvent event = new HttpSessionBindingEvent(session, name, previousValue);
		ListenerFailures failures = new ListenerFailures();
		if (unbindPreviousValue && previousValue instanceof HttpSessionBindingListener bindingListener) {
			failures.run(() -> bindingListener.valueUnbound(event));
		}
		failures.run(() -> notifyEach(listenersOfType(HttpSessionAttributeListener.class),
				(listener) -> listener.attributeReplaced(event)));
		failures.rethrowFirst();
	}

	void attributeRemoved(InMemorySession session, String name, Object value) {
		HttpSessionBindingEvent event = new HttpSessionBindingEvent(session, name, value);
		ListenerFailures failures = new ListenerFailures();
		if (value instanceof HttpSessionBindingListener bindingListener) {
			failures.run(() -> bindingListener.valueUnbound(event));
		}
		failures.run(() -> notifyEach(listenersOfType(HttpSessionAttributeListener.class),
				(listener) -> listener.attributeRemoved(event)));
		failures.rethrowFirst();
	}

	// The registered listeners are a live view, so they are filtered anew for every event
	private <L> List<L> listenersOfType(Class<L> type) {
		List<L> matching = new ArrayList<>();
		for (EventListener listener : this.listeners) {
			if (type.isInstance(listener)) {
				matching.add(type.cast(listener));
			}
		}
		return matching;
	}

	private <L> void notifyEach(List<L> targets, Consumer<L> notification) {
		ListenerFailures failures = new ListenerFailures();
		for (L target : targets) {
			failures.run(() -> notification.accept(target));
		}
		failures.rethrowFirst();
	}

}
