/**
 * Checks at start that the Redis ACL user may run every command a component needs, with harmless probes, and
 * names what is missing with the ACL line to grant ({@link dev.streambus.permission.MissingPermissionsException}).
 */
package dev.streambus.permission;
