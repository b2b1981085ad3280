// Private: libcurl's process-wide setup, done once before the first handle of any kind.
#pragma once

namespace bb::client {
void ensureCurlGlobalInit();
}
