<?php
// Stand-ins for the WordPress and WooCommerce functions the docs' shortcode calls, enough to run
// it as written outside WordPress: `php wordpress.php SNIPPET.php ORDERS.json` prints what the
// shortcode returns, and the arguments it gave wc_get_orders on stderr. ORDERS.json is
// {"logged_in": bool, "orders": [{"date", "total", "items": [[product, variation, quantity, refunded?]]}]}.
$given = json_decode(file_get_contents($argv[2]), true);
$shortcodes = [];

function add_shortcode($name, $callback) { global $shortcodes; $shortcodes[$name] = $callback; }
function is_user_logged_in() { global $given; return $given['logged_in']; }
function get_current_user_id() { return 7; }
// A shop set to show whole euros: the history's totals must still be in cents.
function wc_get_price_decimals() { return 0; }
function get_woocommerce_currency() { return 'EUR'; }
function esc_url($url) { return htmlspecialchars($url, ENT_QUOTES); }
function esc_attr($text) { return htmlspecialchars($text, ENT_QUOTES); }
function wp_json_encode($value) { return json_encode($value); }
// A site at the root with pretty permalinks (real WordPress answers whole URLs).
function wp_get_upload_dir() { return ['baseurl' => '/wp-content/uploads']; }
function rest_url($path) { return '/wp-json/' . $path; }

class StandInDate {
    public function __construct(private string $day) {}
    public function date(string $format): string { return (new DateTime($this->day))->format($format); }
}

class StandInItem {
    public function __construct(private int $product, private int $variation, private int $quantity) {}
    public function get_product_id(): int { return $this->product; }
    public function get_variation_id(): int { return $this->variation; }
    public function get_quantity(): int { return $this->quantity; }
}

class StandInOrder {
    public function __construct(private array $order) {}
    public function get_items(): array {
        // WooCommerce keys items by their item id.
        $items = [];
        foreach ($this->order['items'] as $n => [$product, $variation, $quantity]) {
            $items[100 + $n] = new StandInItem($product, $variation, $quantity);
        }
        return $items;
    }
    // The quantity refunded of the item with that id, as a negative number (0 for none).
    public function get_qty_refunded_for_item(int $item_id): int {
        return -($this->order['items'][$item_id - 100][3] ?? 0);
    }
    public function get_date_created(): StandInDate { return new StandInDate($this->order['date']); }
    // WooCommerce gives totals as decimal strings.
    public function get_total(): string { return $this->order['total']; }
}

function wc_get_orders($arguments) {
    global $given;
    fwrite(STDERR, json_encode($arguments));
    return array_map(fn ($order) => new StandInOrder($order), $given['orders']);
}

require $argv[1];
echo $shortcodes['checkout_addons']();
