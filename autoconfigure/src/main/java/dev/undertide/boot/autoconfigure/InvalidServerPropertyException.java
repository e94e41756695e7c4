package dev.undertide.boot.autoconfigure;

/**
 * A {@code server.undertow.*} property has a value Undertide cannot run with. Start-up stops, and
 * {@link InvalidServerPropertyFailureAnalyzer} reports the property, the value, why, and what is allowed.
 */
public class InvalidServerPropertyException extends IllegalStateException {

	private final String property;

	private final String value;

	private final String reason;

	private final String allowed;

	public InvalidServerPropertyException(String property, String value, String reason, String allowed) {
		super("Property '" + property + "' is '" + value + "': " + reason + ". Allowed: " + allowed);
		this.property = property;
		this.value = value;
		this.reason = reason;
		this.allowed = allowed;
	}

	public String getProperty() {
		return this.property;
	}

	public String getValue() {
		return this.value;
	}

	public String getReason() {
		return this.reason;
	}

	public String getAllowed() {
		return this.allowed;
	}

}
