package dev.undertide.servlet.session;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.servlet.http.HttpSessionBindingEvent;
import jakarta.servlet.http.HttpSessionBindingListener;

/**
 * Attribute value that records when it is bound to and unbound from a session, and
 * whether it was visible through {@code getAttribute} at that moment.
 */
class RecordingBindingListener implements HttpSessionBindingListener {

	final List<String> events = new CopyOnWriteArrayList<>();

	@Override
	public void valueBound(HttpSessionBindingEvent event) {
		this.events.add("bound:" + event.getName() + ",visible=" + isVisible(event));
	}

	@Override
	public void valueUnbound(HttpSessionBindingEvent event) {
		this.events.add("unbound:" + event.getName() + ",visible=" + isVisible(event));
	}

	private boolean isVisible(HttpSessionBindingEvent event) {
		return event.getSession().getAttribute(event.getName()) == this;
	}

	@Override
	public String toString() {
		return "RecordingBindingListener";
	}

}
