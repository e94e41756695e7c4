package dev.undertide.servlet;

import jakarta.servlet.ServletException;

/**
 * Runs application code with the application's class loader as the thread context class loader.
 */
final class ClassLoaderSwitch {

	private ClassLoaderSwitch() {
	}

	static void run(ClassLoader classLoader, ServletAction action) throws ServletException {
		Thread thread = Thread.currentThread();
		ClassLoader previous = thread.getContextClassLoader();
		if (previous == classLoader) {
			action.run();
			return;
		}
		thread.setContextClassLoader(classLoader);
		try {
			action.run();
		}
		finally {
			thread.setContextClassLoader(previous);
		}
	}

	@FunctionalInterface
	interface ServletAction {

		void run() throws ServletException;

	}

}
