/** The Redis session store for Sojourn: standalone Redis and Redis Cluster, through Lettuce. */
module dev.sojourn.redis {
  requires static org.jspecify;
  requires transitive dev.sojourn.core;
  requires lettuce.core;

  exports dev.sojourn.redis;
}
