package dev.undertide.servlet.session;

import java.lang.reflect.Proxy;

import jakarta.servlet.ServletContext;

/**
 * Minimal {@link ServletContext} stub: identity only, every other call fails.
 */
final class TestServletContext {

	private TestServletContext() {
	}

	static ServletContext create() {
		return (ServletContext) Proxy.newProxyInstance(TestServletContext.class.getClassLoader(),
				new Class<?>[] { ServletContext.class }, (proxy, method, args) -> switch (method.getName()) {
					case "equals" -> proxy == args[0];
					case "hashCode" -> System.identityHashCode(proxy);
					case "toString" -> "TestServletContext";
					default -> throw new UnsupportedOperationException(method.getName());
				});
	}

}
