// The invoked build passed; make sure it really ran the kit (a kit that runs nothing would pass too).
import groovy.xml.XmlSlurper
def report = new File(basedir, 'target/surefire-reports/TEST-com.example.secrets.PropertiesSecretStoreCompatibilityTest.xml')
assert report.isFile() : "no surefire report: the kit did not run"
def suite = new XmlSlurper().parse(report)
int tests = suite.@tests.toInteger()
int failures = suite.@failures.toInteger() + suite.@errors.toInteger()
int skipped = suite.@skipped.toInteger()
println "kit-consumer: ${tests} kit tests, ${failures} failed, ${skipped} skipped"
assert tests >= 15 : "expected the whole kit to run, got ${tests} tests"
assert failures == 0
assert tests - skipped >= 12 : "too many kit tests skipped: ${skipped}"
