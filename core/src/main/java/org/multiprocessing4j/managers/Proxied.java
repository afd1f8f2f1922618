package org.multiprocessing4j.managers;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method of an exposed interface whose result stays in the server and reaches the caller
 * as a proxy (typed by the method's return type, an interface) instead of a copy: CPython's
 * {@code method_to_typeid}. An iterator over a shared dict, for one.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@interface Proxied {
}
