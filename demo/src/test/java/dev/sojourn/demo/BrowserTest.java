package dev.sojourn.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The demo in a real browser: Debian's {@code chromium} driven headless through {@code
 * chromedriver}, against the demo server on {@code http://localhost}. Runs only with {@code
 * -Pbrowser}; needs {@code apt-get install -y chromium chromium-driver} (paths overridable with
 * {@code -Dchromium.binary=...} and {@code -Dchromedriver=...}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BrowserTest {
  private static final String CHROMIUM = System.getProperty("chromium.binary", "/usr/bin/chromium");
  private static final String CHROMEDRIVER =
      System.getProperty("chromedriver", "/usr/bin/chromedriver");

  private DemoServer server;
  private final List<WebDriver> drivers = new ArrayList<>();
  private final List<Path> profiles = new ArrayList<>();

  @BeforeAll
  void start() throws Exception {
    assertThat(new File(CHROMIUM)).as("Chromium (apt-get install -y chromium)").canRead();
    assertThat(new File(CHROMEDRIVER))
        .as("chromedriver (apt-get install -y chromium-driver)")
        .canRead();
    server = DemoServer.start(ServerOptions.parse("--port", "0"), InstantSource.system());
  }

  @AfterEach
  void quitBrowsers() throws IOException {
    for (WebDriver driver : drivers) {
      driver.quit();
    }
    drivers.clear();
    for (Path profile : profiles) {
      try (Stream<Path> files = Files.walk(profile)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    profiles.clear();
  }

  @AfterAll
  void stop() throws Exception {
    server.close();
  }

  private WebDriver browser() throws IOException {
    Path profile = Files.createTempDirectory("sojourn-chromium");
    profiles.add(profile);
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        "--user-data-dir=" + profile);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(CHROMEDRIVER))
            .usingAnyFreePort()
            .build();
    WebDriver driver = new ChromeDriver(service, options);
    drivers.add(driver);
    return driver;
  }

  private String url(String path) {
    return "http://localhost:" + server.port() + path;
  }

  private static String text(WebDriver driver, String id) {
    return driver.findElement(By.id(id)).getText();
  }

  private static Cookie sessionCookie(WebDriver driver) {
    Cookie cookie = driver.manage().getCookieNamed("__Host-sojourn");
    if (cookie == null) {
      throw new AssertionError("Chromium kept no __Host-sojourn cookie for http://localhost");
    }
    return cookie;
  }

  private static void awaitUser(WebDriver driver, String user) {
    new WebDriverWait(driver, Duration.ofSeconds(10))
        .until(ExpectedConditions.textToBe(By.id("user"), user));
  }

  private void signIn(WebDriver driver, String user, String password) {
    driver.get(url("/"));
    awaitUser(driver, "nobody");
    driver.findElement(By.name("username")).sendKeys(user);
    driver.findElement(By.name("password")).sendKeys(password);
    driver.findElement(By.id("login")).click();
    awaitUser(driver, user);
  }

  @Test
  void signIn_showsTheUserAndTheCounter_thenSignOut() throws IOException {
    WebDriver browser = browser();
    browser.get(url("/"));
    awaitUser(browser, "nobody");
    assertThat(text(browser, "counter")).as("an anonymous page view counts nothing").isEqualTo("0");
    assertThat(browser.manage().getCookieNamed("__Host-sojourn"))
        .as("an anonymous page view starts no session")
        .isNull();
    Cookie csrf = browser.manage().getCookieNamed("__Host-sojourn-csrf");
    if (csrf == null) {
      throw new AssertionError("Chromium kept no __Host-sojourn-csrf cookie (pre-session token)");
    }
    assertThat(csrf.isSecure()).isTrue();
    assertThat(csrf.isHttpOnly()).isTrue();
    assertThat(csrf.getSameSite()).isEqualTo("Lax");

    browser.findElement(By.name("username")).sendKeys("alice");
    browser.findElement(By.name("password")).sendKeys("wonderland");
    browser.findElement(By.id("login")).click();
    awaitUser(browser, "alice");

    assertThat(text(browser, "counter")).as("the first visit after sign-in").isEqualTo("1");
    Cookie session = sessionCookie(browser);
    assertThat(session.isSecure()).isTrue();
    assertThat(session.isHttpOnly()).isTrue();
    assertThat(session.getSameSite()).isEqualTo("Lax");
    browser.navigate().refresh();
    new WebDriverWait(browser, Duration.ofSeconds(10))
        .until(ExpectedConditions.textToBe(By.id("counter"), "2"));

    browser.findElement(By.id("logout")).click();
    awaitUser(browser, "nobody");
    assertThat(text(browser, "counter")).as("signed out: nothing counted").isEqualTo("0");
    assertThat(browser.manage().getCookieNamed("__Host-sojourn")).isNull();
    signIn(browser, "alice", "wonderland");
  }

  @Test
  void twoBrowsers_sameUser_seeTwoSessions_andOneRevokesTheOther() throws IOException {
    WebDriver first = browser();
    WebDriver second = browser();
    signIn(first, "bob", "builder");
    signIn(second, "bob", "builder");

    second.get(url("/sessions"));
    new WebDriverWait(second, Duration.ofSeconds(10))
        .until(ExpectedConditions.textToBe(By.id("session-count"), "2 sessions"));
    assertThat(second.findElements(By.cssSelector("tr.session"))).hasSize(2);
    assertThat(second.findElements(By.cssSelector("tr.session.current"))).hasSize(1);

    second.findElement(By.id("revoke-others")).click();
    new WebDriverWait(second, Duration.ofSeconds(10))
        .until(ExpectedConditions.textToBe(By.id("session-count"), "1 session"));

    first.navigate().refresh();
    awaitUser(first, "nobody");
    second.get(url("/"));
    awaitUser(second, "bob");
  }
}
