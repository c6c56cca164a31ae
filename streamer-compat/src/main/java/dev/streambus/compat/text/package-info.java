/**
 * Entry text made safe for logs and messages: control and bidi characters escaped, length bounded.
 */
package dev.streambus.compat.text;
