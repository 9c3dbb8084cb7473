package dev.sojourn.redis;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sojourn.TokenGenerator;
import dev.sojourn.store.SessionChange;
import dev.sojourn.store.Snapshot;
import dev.sojourn.testing.CuttingProxy;
import dev.sojourn.testing.redis.RedisServer;
import dev.sojourn.testing.redis.RedisServerExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Exactly-once commits on Redis Cluster, replies lost for real: a {@link CuttingProxy} sits in
 * front of every node and rewrites the nodes' addresses in replies to the proxies' (as a NAT
 * would), so the store reaches every node through its proxy only. One script's reply is cut
 * (matched by its SHA-1 in the EVALSHA): the first or the second step of a rotation, or an update;
 * every test checks that its reply was in fact cut.
 */
class ClusterLostReplyTest {
  @RegisterExtension static final RedisServerExtension REDIS = RedisServerExtension.cluster();

  private static final Duration TTL = Duration.ofMinutes(30);
  private static final List<CuttingProxy> PROXIES = new ArrayList<>();

  private final TokenGenerator tokens = TokenGenerator.secure();
  private final String prefix = "lostcluster:" + tokens.next() + ":";
  private RedisStore store;

  @BeforeAll
  static void proxyEveryNode() {
    for (RedisServer node : REDIS.nodes()) {
      PROXIES.add(CuttingProxy.start(node.port()));
    }
    // Like a NAT: the client sees only the proxies' addresses, in the topology and in redirects.
    for (CuttingProxy proxy : PROXIES) {
      for (int i = 0; i < PROXIES.size(); i++) {
        proxy.replaceInReplies(
            "127.0.0.1:" + REDIS.nodes().get(i).port(), "127.0.0.1:" + PROXIES.get(i).port());
      }
    }
  }

  @AfterAll
  static void closeProxies() {
    PROXIES.forEach(CuttingProxy::close);
    PROXIES.clear();
  }

  @BeforeEach
  void open() {
    List<String> uris = new ArrayList<>();
    PROXIES.forEach(proxy -> uris.add(proxy.redisUri()));
    store =
        RedisStore.builder()
            .clusterUris(uris)
            .keyPrefix(prefix)
            .idKey(new byte[32])
            .commandTimeout(Duration.ofSeconds(5))
            .build();
  }

  @AfterEach
  void close() {
    PROXIES.forEach(CuttingProxy::disarm);
    store.close();
  }

  private String create(String user) {
    String id = tokens.next();
    store.commit(
        SessionChange.create(id, tokens.next(), System.currentTimeMillis())
            .user(user, System.currentTimeMillis())
            .put("a", "1".getBytes(UTF_8))
            .ttl(TTL)
            .build());
    return id;
  }

  private static int cuts() {
    return PROXIES.stream().mapToInt(CuttingProxy::cuts).sum();
  }

  /** Commits {@code change} with the reply to {@code script} cut, once. */
  private long commitLosingTheReplyTo(Script script, SessionChange change) {
    int before = cuts();
    PROXIES.forEach(proxy -> proxy.cutReplyToNext(script.sha1));
    long version = store.commit(change);
    PROXIES.forEach(CuttingProxy::disarm);
    assertThat(cuts()).as("the proxy cut the reply to " + script).isEqualTo(before + 1);
    return version;
  }

  @SuppressWarnings("unchecked")
  private int sessionHashes() {
    int count = 0;
    for (RedisServer node : REDIS.nodes()) {
      count += ((List<Object>) Objects.requireNonNull(node.command("KEYS", prefix + "s:*"))).size();
    }
    return count;
  }

  private void assertRotated(String from, String to) {
    assertThat(store.load(from)).isNull();
    assertThat(Objects.requireNonNull(store.load(to)).version()).isEqualTo(2);
    assertThat(store.sessionsOf("alice")).extracting(Snapshot::id).containsExactly(to);
    assertThat(sessionHashes()).as("no orphan hash").isEqualTo(1);
  }

  @Test
  void rotation_whoseFirstStepReplyIsLost_answersTheNewId() {
    String a = create("alice");
    String b = tokens.next();
    SessionChange rotation = SessionChange.update(a).rotateTo(b, tokens.next()).ttl(TTL).build();

    assertThat(commitLosingTheReplyTo(Script.TAKE, rotation)).isEqualTo(2);

    assertRotated(a, b);
  }

  @Test
  void rotation_whoseSecondStepReplyIsLost_answersTheNewId_andNeverBringsTheOldOneBack() {
    String a = create("alice");
    String b = tokens.next();
    SessionChange rotation = SessionChange.update(a).rotateTo(b, tokens.next()).ttl(TTL).build();

    assertThat(commitLosingTheReplyTo(Script.COMMIT, rotation)).isEqualTo(2);

    assertRotated(a, b);
  }

  @Test
  void update_whoseReplyIsLost_isAppliedOnce() {
    String id = create("alice");
    SessionChange update =
        SessionChange.update(id).put("b", "2".getBytes(UTF_8)).expectVersion(1).ttl(TTL).build();

    assertThat(commitLosingTheReplyTo(Script.COMMIT, update)).isEqualTo(2);

    assertThat(Objects.requireNonNull(store.load(id)).version()).isEqualTo(2);
  }
}
