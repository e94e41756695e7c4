package dev.undertide.server;

/**
 * The server could not start; the cause says why (a {@link java.net.BindException} when the port is
 * taken).
 */
public class ServerStartException extends RuntimeException {

	public ServerStartException(String message, Throwable cause) {
		super(message, cause);
	}

}
