package dev.undertide.servlet;

/**
 * A request went over one of the server's limits on what it may carry (parameters, cookies); answered
 * with 400.
 */
final class RequestLimitException extends IllegalStateException {

	RequestLimitException(String message) {
		super(message);
	}

	RequestLimitException(String message, Throwable cause) {
		super(message, cause);
	}

	static RequestLimitException tooManyParameters(int count, int limit) {
		return new RequestLimitException("The request has " + count + " parameters; at most " + limit + " are allowed");
	}

}
