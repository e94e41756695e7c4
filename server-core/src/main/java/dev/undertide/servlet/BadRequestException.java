package dev.undertide.servlet;

/**
 * A request went over one of the server's limits on what it may carry (parameters, cookies), or carries
 * what cannot be parsed; answered with 400.
 */
final class BadRequestException extends IllegalStateException {

	BadRequestException(String message) {
		super(message);
	}

	BadRequestException(String message, Throwable cause) {
		super(message, cause);
	}

	static BadRequestException tooManyParameters(int count, int limit) {
		return new BadRequestException("The request has " + count + " parameters; at most " + limit + " are allowed");
	}

}
