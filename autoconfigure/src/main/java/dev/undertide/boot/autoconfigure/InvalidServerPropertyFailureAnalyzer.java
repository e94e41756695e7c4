package dev.undertide.boot.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports an {@link InvalidServerPropertyException} the way Spring Boot reports start-up failures: which
 * property, which value, why it cannot be used, and what can.
 */
class InvalidServerPropertyFailureAnalyzer extends AbstractFailureAnalyzer<InvalidServerPropertyException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidServerPropertyException cause) {
		String description = "Undertide cannot start with the property '" + cause.getProperty() + "' set to '"
				+ cause.getValue() + "': " + cause.getReason() + ".";
		String action = "Set '" + cause.getProperty() + "' to one of: " + cause.getAllowed() + ".";
		return new FailureAnalysis(description, action, cause);
	}

}
