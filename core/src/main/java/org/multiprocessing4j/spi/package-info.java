/**
 * Internal: the door through which a backend module (the cluster module) builds the public types
 * around implementations of its own. Not for applications.
 */
package org.multiprocessing4j.spi;
