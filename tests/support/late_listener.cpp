#include "tests/support/late_listener.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace schemactl::test {
namespace {

// A socket descriptor closed on scope exit.
class Socket {
 public:
  explicit Socket(int fd) : fd_(fd) {}
  ~Socket() {
    if (fd_ >= 0) ::close(fd_);
  }
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

sockaddr_in local_address(int port) {
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return addr;
}

int free_local_port() {
  Socket s(::socket(AF_INET, SOCK_STREAM, 0));
  sockaddr_in addr = local_address(0);
  if (s.get() < 0 || ::bind(s.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    throw std::runtime_error(std::string("cannot reserve a local port: ") + std::strerror(errno));
  }
  socklen_t len = sizeof addr;
  ::getsockname(s.get(), reinterpret_cast<sockaddr*>(&addr), &len);
  return ntohs(addr.sin_port);
}

// Copies bytes both ways until either side closes or `stopping` is set.
void pump(int a, int b, const std::atomic<bool>& stopping) {
  char buffer[16384];
  pollfd fds[2] = {{a, POLLIN, 0}, {b, POLLIN, 0}};
  while (!stopping) {
    if (::poll(fds, 2, 100) < 0) return;
    for (int i = 0; i < 2; ++i) {
      if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      ssize_t n = ::read(fds[i].fd, buffer, sizeof buffer);
      if (n <= 0) return;
      for (ssize_t sent = 0; sent < n;) {
        ssize_t w = ::write(fds[1 - i].fd, buffer + sent, static_cast<size_t>(n - sent));
        if (w <= 0) return;
        sent += w;
      }
    }
  }
}

}  // namespace

LateListener::LateListener(std::chrono::milliseconds delay, std::string target_host, int target_port)
    : target_host_(std::move(target_host)), target_port_(target_port), port_(free_local_port()) {
  acceptor_ = std::thread([this, delay] { serve(delay); });
}

LateListener::~LateListener() {
  stopping_ = true;
  if (acceptor_.joinable()) acceptor_.join();
  for (auto& t : pipes_) t.join();
}

void LateListener::serve(std::chrono::milliseconds delay) {
  auto until = std::chrono::steady_clock::now() + delay;
  while (!stopping_ && std::chrono::steady_clock::now() < until) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  if (stopping_) return;
  Socket listener(::socket(AF_INET, SOCK_STREAM, 0));
  int on = 1;
  ::setsockopt(listener.get(), SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
  sockaddr_in addr = local_address(port_);
  if (::bind(listener.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(listener.get(), 16) != 0) {
    return;  // the test then sees a timeout and fails with the client's message
  }
  while (!stopping_) {
    pollfd p{listener.get(), POLLIN, 0};
    if (::poll(&p, 1, 100) <= 0) continue;
    int client = ::accept(listener.get(), nullptr, nullptr);
    if (client < 0) continue;
    pipes_.emplace_back([this, client] { forward(client); });
  }
}

void LateListener::forward(int client_fd) {
  Socket client(client_fd);
  Socket server(::socket(AF_INET, SOCK_STREAM, 0));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(target_port_));
  ::inet_pton(AF_INET, target_host_.c_str(), &addr.sin_addr);
  if (::connect(server.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) return;
  pump(client.get(), server.get(), stopping_);
}

}  // namespace schemactl::test
