package dev.undertide.server;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;

import org.jspecify.annotations.Nullable;

/**
 * Virtual threads where the JVM has them (Java 21+). The project targets Java 17, so they are reached
 * through method handles, found once.
 */
public final class VirtualThreads {

	private static final @Nullable MethodHandle OF_VIRTUAL = find();

	private VirtualThreads() {
	}

	private static @Nullable MethodHandle find() {
		try {
			MethodHandles.Lookup lookup = MethodHandles.publicLookup();
			return lookup.findStatic(Thread.class, "ofVirtual",
					MethodType.methodType(Class.forName("java.lang.Thread$Builder$OfVirtual")));
		}
		catch (ReflectiveOperationException ex) {
			return null;
		}
	}

	public static boolean isAvailable() {
		return OF_VIRTUAL != null;
	}

	/** An executor that runs each task on a new virtual thread named {@code prefix-N}. */
	public static ExecutorService newExecutor(String prefix) {
		if (OF_VIRTUAL == null) {
			throw new IllegalStateException("Virtual threads need Java 21 or later; this JVM is Java "
					+ Runtime.version().feature());
		}
		try {
			Object builder = OF_VIRTUAL.invoke();
			Class<?> builderType = Class.forName("java.lang.Thread$Builder");
			builder = builderType.getMethod("name", String.class, long.class).invoke(builder, prefix + "-", 0L);
			ThreadFactory factory = (ThreadFactory) builderType.getMethod("factory").invoke(builder);
			return (ExecutorService) Executors.class
				.getMethod("newThreadPerTaskExecutor", ThreadFactory.class)
				.invoke(null, factory);
		}
		catch (Throwable ex) {
			throw new IllegalStateException("Cannot create a virtual thread executor", ex);
		}
	}

}
