"""The facilitator review queue and automatic screening; depends on shuttle's core."""
