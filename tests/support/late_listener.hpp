// A TCP port that starts accepting connections only after a delay and then forwards each one to
// a real PostgreSQL server: to the client it looks exactly like a server that is still starting
// (connection refused) and then comes up. Used to test `wait` and `--wait` end to end without
// starting a second PostgreSQL.
#pragma once

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

namespace schemactl::test {

class LateListener {
 public:
  // Reserves a free local port now; starts listening on it after `delay`, forwarding to
  // target_host:target_port.
  LateListener(std::chrono::milliseconds delay, std::string target_host, int target_port);
  ~LateListener();  // stops accepting, closes every forwarded connection, joins the threads
  LateListener(const LateListener&) = delete;
  LateListener& operator=(const LateListener&) = delete;

  int port() const { return port_; }

 private:
  void serve(std::chrono::milliseconds delay);
  void forward(int client);

  std::string target_host_;
  int target_port_;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::thread acceptor_;
  std::vector<std::thread> pipes_;
};

}  // namespace schemactl::test
