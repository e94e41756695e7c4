package dev.undertide.servlet.session;

import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.servlet.http.HttpSessionAttributeListener;
import jakarta.servlet.http.HttpSessionBindingEvent;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionIdListener;
import jakarta.servlet.http.HttpSessionListener;

/**
 * Session listener of every kind that records the events it receives as text, such as
 * {@code "destroyed:ID"} or {@code "added:name=value"}.
 */
class RecordingSessionListener implements HttpSessionListener, HttpSessionAttributeListener, HttpSessionIdListener {

	private final List<String> events = new CopyOnWriteArrayList<>();

	List<String> events() {
		return Collections.unmodifiableList(this.events);
	}

	void record(String event) {
		this.events.add(event);
	}

	@Override
	public void sessionCreated(HttpSessionEvent event) {
		record("created:" + event.getSession().getId());
	}

	@Override
	public void sessionDestroyed(HttpSessionEvent event) {
		record("destroyed:" + event.getSession().getId());
	}

	@Override
	public void sessionIdChanged(HttpSessionEvent event, String oldSessionId) {
		record("idChanged:" + oldSessionId + "->" + event.getSession().getId());
	}

	@Override
	public void attributeAdded(HttpSessionBindingEvent event) {
		record("added:" + event.getName() + "=" + event.getValue());
	}

	@Override
	public void attributeRemoved(HttpSessionBindingEvent event) {
		record("removed:" + event.getName() + "=" + event.getValue());
	}

	@Override
	public void attributeReplaced(HttpSessionBindingEvent event) {
		record("replaced:" + event.getName() + "=" + event.getValue());
	}

}
