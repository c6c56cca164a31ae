/**
 * The runnable demo ({@link dev.streambus.samples.Demo}) and the README's compiled examples.
 */
package dev.streambus.samples;
