/**
 * The README's code blocks, compiled with the project: plain Java and Guice wiring.
 */
package dev.streambus.samples.readme;
