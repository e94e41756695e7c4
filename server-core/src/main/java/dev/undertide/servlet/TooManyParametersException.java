package dev.undertide.servlet;

/**
 * A request carried more parameters than the server allows; answered with 400.
 */
final class TooManyParametersException extends IllegalStateException {

	TooManyParametersException(int count, int limit) {
		super("The request has " + count + " parameters; at most " + limit + " are allowed");
	}

}
