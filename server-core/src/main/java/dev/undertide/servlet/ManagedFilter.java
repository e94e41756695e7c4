package dev.undertide.servlet;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import dev.undertide.servlet.mapping.UrlPatterns;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletException;
import org.jspecify.annotations.Nullable;

/**
 * A registered filter: its registration data, its {@link FilterConfig}, and the life of its instance
 * (initialised when the context starts).
 */
final class ManagedFilter extends ManagedComponent implements FilterRegistration.Dynamic, FilterConfig {

	private final List<String> urlPatternMappings = new ArrayList<>();

	private final List<String> servletNameMappings = new ArrayList<>();

	private @Nullable Filter instance;

	private volatile boolean initialized;

	private volatile boolean destroyed;

	private boolean asyncSupported;

	ManagedFilter(UndertideServletContext context, String name, @Nullable String className,
			@Nullable Filter instance) {
		super(context, name, (instance != null) ? instance.getClass().getName() : className);
		this.instance = instance;
	}

	synchronized void initialize() throws ServletException {
		if (this.initialized) {
			return;
		}
		if (this.instance == null) {
			this.instance = this.context.instantiate(Filter.class, this.className);
		}
		Filter filter = this.instance;
		ClassLoaderSwitch.run(this.context.getClassLoader(), () -> filter.init(this));
		this.initialized = true;
	}

	/** The filter, initialised first if start-up left that to its first request. */
	Filter filter() throws ServletException {
		if (!this.initialized) {
			if (this.destroyed) {
				throw new IllegalStateException("Filter '" + this.name + "' has been destroyed");
			}
			initialize();
		}
		return Objects.requireNonNull(this.instance);
	}

	synchronized void destroy() {
		this.destroyed = true;
		if (this.initialized && this.instance != null) {
			this.initialized = false;
			this.instance.destroy();
		}
	}

	boolean isAsyncSupported() {
		return this.asyncSupported;
	}

	@Override
	public void addMappingForServletNames(@Nullable EnumSet<DispatcherType> dispatcherTypes, boolean isMatchAfter,
			String... servletNames) {
		this.context.checkConfigurable();
		if (servletNames == null || servletNames.length == 0) {
			throw new IllegalArgumentException("At least one servlet name is required");
		}
		this.context.filterMappings()
			.add(new FilterMappings.Mapping(this, dispatcherTypesOrDefault(dispatcherTypes), List.of(),
					List.of(servletNames), isMatchAfter));
		Collections.addAll(this.servletNameMappings, servletNames);
	}

	@Override
	public void addMappingForUrlPatterns(@Nullable EnumSet<DispatcherType> dispatcherTypes, boolean isMatchAfter,
			String... urlPatterns) {
		this.context.checkConfigurable();
		if (urlPatterns == null || urlPatterns.length == 0) {
			throw new IllegalArgumentException("At least one URL pattern is required");
		}
		for (String pattern : urlPatterns) {
			UrlPatterns.validate(pattern);
		}
		this.context.filterMappings()
			.add(new FilterMappings.Mapping(this, dispatcherTypesOrDefault(dispatcherTypes), List.of(urlPatterns),
					List.of(), isMatchAfter));
		Collections.addAll(this.urlPatternMappings, urlPatterns);
	}

	private static Set<DispatcherType> dispatcherTypesOrDefault(@Nullable EnumSet<DispatcherType> dispatcherTypes) {
		return (dispatcherTypes == null || dispatcherTypes.isEmpty()) ? EnumSet.of(DispatcherType.REQUEST)
				: EnumSet.copyOf(dispatcherTypes);
	}

	@Override
	public Collection<String> getServletNameMappings() {
		return Collections.unmodifiableList(this.servletNameMappings);
	}

	@Override
	public Collection<String> getUrlPatternMappings() {
		return Collections.unmodifiableList(this.urlPatternMappings);
	}

	@Override
	public void setAsyncSupported(boolean isAsyncSupported) {
		this.context.checkConfigurable();
		this.asyncSupported = isAsyncSupported;
	}

	@Override
	public String getFilterName() {
		return this.name;
	}

	@Override
	public String toString() {
		return "filter '" + this.name + "'";
	}

}
