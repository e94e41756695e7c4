package dev.undertide.servlet;

import java.util.Enumeration;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.ServletContext;
import org.jspecify.annotations.Nullable;

/**
 * What a registered servlet and a registered filter share: the context, the name, the class and the
 * init parameters, as both the registration API and the servlet or filter config expose them.
 */
abstract class ManagedComponent {

	final UndertideServletContext context;

	final String name;

	final @Nullable String className;

	private final InitParameters initParameters = new InitParameters();

	ManagedComponent(UndertideServletContext context, String name, @Nullable String className) {
		this.context = context;
		this.name = name;
		this.className = className;
	}

	public String getName() {
		return this.name;
	}

	public @Nullable String getClassName() {
		return this.className;
	}

	public ServletContext getServletContext() {
		return this.context;
	}

	public boolean setInitParameter(String name, String value) {
		this.context.checkConfigurable();
		return this.initParameters.set(name, value);
	}

	public @Nullable String getInitParameter(String name) {
		return this.initParameters.get(name);
	}

	public Enumeration<String> getInitParameterNames() {
		return this.initParameters.names();
	}

	public Set<String> setInitParameters(Map<String, String> initParameters) {
		this.context.checkConfigurable();
		return this.initParameters.setAll(initParameters);
	}

	public Map<String, String> getInitParameters() {
		return this.initParameters.asMap();
	}

}
